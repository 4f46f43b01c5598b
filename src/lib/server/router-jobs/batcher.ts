/**
 * Groups writes that arrive while the previous group is being written into one write. Every
 * commit on MariaDB waits for a disk flush; with dozens of jobs finishing at once on one router,
 * one statement per job would spend most of the run waiting on flushes.
 */
export class Batcher<T, R> {
	private pending: Array<{ item: T; resolve: (r: R) => void; reject: (err: unknown) => void }> = [];
	private draining = false;

	constructor(
		private readonly write: (items: T[]) => Promise<R[]>,
		private readonly maxBatch = 500
	) {}

	/** Resolves with this item's share of the write once it is committed. */
	add(item: T): Promise<R> {
		return new Promise((resolve, reject) => {
			this.pending.push({ item, resolve, reject });
			if (!this.draining) {
				this.draining = true;
				setImmediate(() => void this.drain());
			}
		});
	}

	private async drain(): Promise<void> {
		try {
			while (this.pending.length > 0) {
				const batch = this.pending.splice(0, this.maxBatch);
				try {
					const results = await this.write(batch.map((p) => p.item));
					batch.forEach((p, i) => p.resolve(results[i]));
				} catch (err) {
					for (const p of batch) p.reject(err);
				}
			}
		} finally {
			this.draining = false;
		}
	}
}
