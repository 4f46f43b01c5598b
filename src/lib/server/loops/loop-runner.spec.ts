import { afterEach, describe, expect, it } from 'vitest';
import { loopRunner, type Loop } from './loop-runner';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `check` holds; fails the test after `ms`. */
async function until(check: () => boolean, ms = 2_000): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('condition not reached');
		await sleep(5);
	}
}

const loops: Loop[] = [];
afterEach(async () => {
	await Promise.all(loops.splice(0).map((l) => l.stop()));
});
function track(loop: Loop): Loop {
	loops.push(loop);
	return loop;
}

describe('loopRunner', () => {
	it('ticks at start and then after each interval, never two ticks at once', async () => {
		let ticks = 0;
		let busy = 0;
		let mostBusy = 0;
		const loop = track(
			loopRunner({
				name: 'test',
				intervalMs: 5,
				tick: async () => {
					busy += 1;
					mostBusy = Math.max(mostBusy, busy);
					await sleep(15); // longer than the interval
					busy -= 1;
					ticks += 1;
				}
			})
		);
		loop.start();
		loop.start(); // a second start is ignored
		await until(() => ticks >= 4);
		expect(mostBusy).toBe(1);
	});

	it('stop waits for the tick under way and no tick starts after it', async () => {
		let started = 0;
		let finished = 0;
		const loop = track(
			loopRunner({
				name: 'test',
				intervalMs: 1,
				tick: async () => {
					started += 1;
					await sleep(40);
					finished += 1;
				}
			})
		);
		loop.start();
		await until(() => started === 1);
		await loop.stop();
		expect(finished).toBe(1);
		expect(loop.running).toBe(false);
		await sleep(30);
		expect(started).toBe(1);
	});

	it('a wake-up cuts the wait short; with immediate: false the first tick waits for it', async () => {
		let ticks = 0;
		const loop = track(loopRunner({ name: 'test', intervalMs: 60_000, immediate: false, tick: async () => void (ticks += 1) }));
		loop.start();
		await sleep(20);
		expect(ticks).toBe(0);
		loop.wake();
		await until(() => ticks === 1);
		loop.wake();
		await until(() => ticks === 2);
		await sleep(20);
		expect(ticks).toBe(2);
	});

	it('a wake-up during a tick skips the next wait', async () => {
		let ticks = 0;
		let loop: Loop;
		loop = track(
			loopRunner({
				name: 'test',
				intervalMs: 60_000,
				tick: async () => {
					ticks += 1;
					if (ticks === 1) loop.wake();
				}
			})
		);
		loop.start();
		await until(() => ticks === 2);
		await sleep(20);
		expect(ticks).toBe(2);
	});

	it('goes on after a tick throws, and runs again at once when a tick asks for 0', async () => {
		const seen: string[] = [];
		const loop = track(
			loopRunner({
				name: 'test',
				intervalMs: 60_000,
				tick: async () => {
					seen.push(seen.length === 0 ? 'threw' : 'ran');
					if (seen.length === 1) throw new Error('boom');
					return seen.length < 4 ? 0 : undefined;
				}
			})
		);
		loop.start();
		await sleep(30);
		// The failure waits the interval like any tick; wake it to see the loop is still alive.
		expect(seen).toEqual(['threw']);
		loop.wake();
		await until(() => seen.length === 4);
		await sleep(20);
		expect(seen).toEqual(['threw', 'ran', 'ran', 'ran']);
	});

	it('restarts after a stop without running two loops', async () => {
		let busy = 0;
		let mostBusy = 0;
		let ticks = 0;
		const loop = track(
			loopRunner({
				name: 'test',
				intervalMs: 1,
				tick: async () => {
					busy += 1;
					mostBusy = Math.max(mostBusy, busy);
					await sleep(10);
					busy -= 1;
					ticks += 1;
				}
			})
		);
		loop.start();
		void loop.stop();
		loop.start();
		await until(() => ticks >= 5);
		expect(mostBusy).toBe(1);
	});
});
