/**
 * A small seeded random source for the demo data. Math.random cannot be seeded, and the demo
 * must come out the same on every machine so screenshots, e2e tests and bug reports agree.
 * Never use this for anything secret: the seed is in the source code.
 */

/** mulberry32: 32-bit state, good enough spread for picking names and amounts. */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

export class Random {
	private readonly next: () => number;

	constructor(seed: number) {
		this.next = mulberry32(seed);
	}

	/** Uniform in [0, 1). */
	float(): number {
		return this.next();
	}

	/** Uniform integer in [min, max], both ends included. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new RangeError('cannot pick from an empty list');
		return items[Math.floor(this.next() * items.length)];
	}

	/** Picks a value with probability proportional to its weight. */
	weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
		const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
		let ticket = this.next() * total;
		for (const [value, weight] of entries) {
			ticket -= weight;
			if (ticket < 0) return value;
		}
		return entries[entries.length - 1][0];
	}

	/** A string of `length` decimal digits (leading zeros allowed). */
	digits(length: number): string {
		let out = '';
		for (let i = 0; i < length; i++) out += String(this.int(0, 9));
		return out;
	}

	/** An RFC 4122 version-4-shaped UUID, reproducible from the seed (ids, not secrets). */
	uuid(): string {
		const bytes = Array.from({ length: 16 }, () => this.int(0, 255));
		bytes[6] = (bytes[6] & 0x0f) | 0x40;
		bytes[8] = (bytes[8] & 0x3f) | 0x80;
		const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
	}
}
