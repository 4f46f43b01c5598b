/**
 * In-process wake-up for the WhatsApp worker: a message enqueued here goes out at the next rate
 * slot instead of the next poll. Other instances pick it up at their poll.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function nudgeWhatsApp(): void {
	for (const l of listeners) l();
}

export function onWhatsAppNudged(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}
