/**
 * In-process wake-up for a worker loop: an enqueue in this process pokes the worker so the work
 * starts within moments instead of at the next poll; workers in other processes still find it by
 * polling. The enqueuing transaction has not committed yet when the enqueue calls `send`, so the
 * wake-up goes out a moment later; if the commit takes longer, the regular poll picks it up.
 */
type Listener = () => void;

export interface Nudge {
	/** Registers the worker; returns the unsubscribe. */
	on(listener: Listener): () => void;
	send(delayMs?: number): void;
}

export function createNudge(defaultDelayMs = 50): Nudge {
	const listeners = new Set<Listener>();
	return {
		on(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		send(delayMs = defaultDelayMs) {
			if (listeners.size === 0) return;
			const timer = setTimeout(() => {
				for (const l of listeners) l();
			}, delayMs);
			timer.unref?.();
		}
	};
}
