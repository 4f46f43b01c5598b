/**
 * The one way a background loop runs in Lunas (scheduler, pending Midtrans checks, key and time
 * zone refresh, router monitor, router job worker, WhatsApp and webhook workers): start, a tick, the wait
 * between ticks, a wake-up that cuts the wait short, and a stop that waits for the tick under way
 * so that shutdown never cuts a billing run or a router command in half.
 *
 * Ticks never overlap: the next wait starts when a tick has finished. A tick that throws is
 * logged and the loop goes on. Timers are unref'd unless `holdsProcess`: a housekeeping loop
 * never keeps the process alive, a worker (the reason its process runs) does.
 */
import { log } from '../log';

export interface LoopOptions {
	/** Named in the log line when a tick fails. */
	name: string;
	/** Milliseconds between the end of one tick and the start of the next. */
	intervalMs: number;
	/**
	 * One round of work. It may return how long to wait before the next (0: at once, e.g. while
	 * there is more work queued); otherwise `intervalMs`.
	 */
	tick: () => Promise<number | void>;
	/** Run the first tick at start (default) or only after the first interval. */
	immediate?: boolean;
	/** Keep the process alive while waiting (a worker process has nothing else to do). */
	holdsProcess?: boolean;
}

export interface Loop {
	start(): void;
	/** Ends the current wait so the next tick runs now; during a tick, the next wait is skipped. */
	wake(): void;
	/** No more ticks; resolves when the tick under way (if any) has finished. */
	stop(): Promise<void>;
	readonly running: boolean;
}

export function loopRunner(options: LoopOptions): Loop {
	let running = false;
	/** A stop() then start() while a tick is still under way must not leave two loops running. */
	let generation = 0;
	let done: Promise<void> = Promise.resolve();
	let poked = false;
	let endWait: (() => void) | null = null;

	function wait(ms: number): Promise<void> {
		if (poked || !running) {
			poked = false;
			return Promise.resolve();
		}
		return new Promise((resolve) => {
			const timer = setTimeout(finish, ms);
			if (!options.holdsProcess) timer.unref?.();
			function finish() {
				clearTimeout(timer);
				endWait = null;
				resolve();
			}
			endWait = finish;
		});
	}

	async function run(mine: number): Promise<void> {
		if (options.immediate === false) await wait(options.intervalMs);
		while (running && generation === mine) {
			let next = options.intervalMs;
			try {
				const asked = await options.tick();
				if (typeof asked === 'number') next = asked;
			} catch (err) {
				log.error({ err, loop: options.name }, `${options.name} failed`);
			}
			if (!running || generation !== mine) break;
			if (next > 0) await wait(next);
			else poked = false;
		}
	}

	return {
		get running() {
			return running;
		},
		start() {
			if (running) return;
			running = true;
			poked = false;
			const mine = ++generation;
			// After a previous loop's last tick, so two ticks never overlap.
			done = done.then(() => run(mine));
		},
		wake() {
			if (endWait) endWait();
			else poked = true;
		},
		async stop() {
			running = false;
			endWait?.();
			await done;
		}
	};
}
