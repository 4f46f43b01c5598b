/**
 * In-process wake-up for the webhook worker. Sent a moment after the enqueue, because the
 * enqueuing transaction has not committed yet; other instances find deliveries at their poll.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function onWebhooksNudged(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

export function nudgeWebhooks(delayMs = 50): void {
	if (listeners.size === 0) return;
	setTimeout(() => listeners.forEach((l) => l()), delayMs).unref?.();
}
