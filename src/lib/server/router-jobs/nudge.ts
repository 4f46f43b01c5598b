/**
 * In-process wake-up for the router job worker: an enqueue in this process pokes the worker so
 * a job starts within moments instead of at the next poll. Workers in other processes still
 * find the job by polling.
 */
type Listener = () => void;

const listeners = new Set<Listener>();

export function onRouterJobsNudged(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/**
 * The enqueuing transaction has not committed yet when this is called, so the wake-up is sent a
 * moment later; if the commit takes longer, the worker's regular poll picks the job up.
 */
export function nudgeRouterJobs(delayMs = 50): void {
	if (listeners.size === 0) return;
	const timer = setTimeout(() => {
		for (const l of listeners) l();
	}, delayMs);
	timer.unref?.();
}
