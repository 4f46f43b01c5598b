/** How long a failed router job waits before its next attempt. */

export interface BackoffSettings {
	/** Delay after the first failure. */
	baseMs: number;
	/** No wait is ever longer than this. */
	capMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 5_000, capMs: 10 * 60_000 };

/**
 * Exponential backoff with jitter: base·2^(attempts−1), capped, then scaled into [½, 1] of that.
 * The jitter keeps hundreds of jobs that failed together (a router went down) from all coming
 * back in the same millisecond.
 */
export function backoffDelay(attempts: number, settings: BackoffSettings, random: () => number = Math.random): number {
	const exponent = Math.min(Math.max(attempts - 1, 0), 30);
	const ceiling = Math.min(settings.capMs, settings.baseMs * 2 ** exponent);
	return Math.round(ceiling * (0.5 + 0.5 * random()));
}
