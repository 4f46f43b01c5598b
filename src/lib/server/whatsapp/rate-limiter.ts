/**
 * Spaces calls to a gateway evenly at its rate (no bursts: the gateways count per second, and
 * WhatsApp-Web gateways risk a ban when a number sends in bursts). A gateway's Retry-After pauses
 * it. The limit is per process: with several instances, give each a share of the gateway's rate.
 */
export class RateLimiter {
	private nextSlot = 0;

	constructor(
		private ratePerSecond: number,
		private readonly now: () => number = Date.now
	) {}

	setRate(ratePerSecond: number): void {
		this.ratePerSecond = ratePerSecond;
	}

	/**
	 * Milliseconds to wait before the next call may start, reserving that slot. A caller that came
	 * late for its slot (the claim took a while) may catch up on at most a quarter second of
	 * missed slots, so the average rate holds without a burst the gateway would notice.
	 */
	reserve(): number {
		const now = this.now();
		const interval = 1000 / Math.max(this.ratePerSecond, 0.001);
		const catchUp = Math.min(250, 3 * interval);
		const slot = Math.max(now - catchUp, this.nextSlot);
		this.nextSlot = slot + interval;
		return Math.max(0, slot - now);
	}

	/** A reserved slot went unused (nothing to send): the next caller may have it. */
	giveBack(): void {
		this.nextSlot = Math.max(this.now(), this.nextSlot - 1000 / Math.max(this.ratePerSecond, 0.001));
	}

	/** No call before `ms` from now (the gateway asked for it). */
	pause(ms: number): void {
		this.nextSlot = Math.max(this.nextSlot, this.now() + ms);
	}
}
