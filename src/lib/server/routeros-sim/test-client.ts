/**
 * A minimal RouterOS API client on top of wire.ts, for the simulator's own specs. Deliberately
 * naive (one command at a time unless tags are used) so the specs test the server, not a client.
 */
import { connect, type Socket } from 'node:net';
import { encodeSentence, SentenceDecoder } from '../routeros/wire';

export class TestClient {
	readonly received: string[][] = [];
	/** How many TCP chunks arrived, to see whether writes were split. */
	chunks = 0;
	closed = false;
	private waiters: Array<() => void> = [];
	private readonly decoder = new SentenceDecoder();

	private constructor(private readonly socket: Socket) {
		socket.on('data', (chunk: Buffer) => {
			this.chunks += 1;
			this.received.push(...this.decoder.push(chunk));
			this.wake();
		});
		socket.on('close', () => {
			this.closed = true;
			this.wake();
		});
		socket.on('error', () => undefined);
	}

	static open(port: number, host = '127.0.0.1'): Promise<TestClient> {
		return new Promise((resolve, reject) => {
			const socket = connect(port, host, () => resolve(new TestClient(socket)));
			socket.once('error', reject);
		});
	}

	send(...words: string[]): void {
		this.socket.write(encodeSentence(words));
	}

	/** Waits until `done(received)` holds, the socket closes, or the timeout passes. */
	async until(done: (received: string[][]) => boolean, timeoutMs = 2000): Promise<string[][]> {
		const deadline = Date.now() + timeoutMs;
		while (!done(this.received) && !this.closed) {
			const left = deadline - Date.now();
			if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(this.received)}`);
			await new Promise<void>((resolve) => {
				const t = setTimeout(resolve, left);
				this.waiters.push(() => {
					clearTimeout(t);
					resolve();
				});
			});
		}
		return this.received;
	}

	/** Sends an untagged command and returns its reply sentences up to and including `!done`/`!fatal`. */
	async command(...words: string[]): Promise<string[][]> {
		const start = this.received.length;
		this.send(...words);
		const ends = (s: string[]) => s[0] === '!done' || s[0] === '!fatal';
		await this.until((r) => r.slice(start).some(ends));
		const mine = this.received.slice(start);
		const end = mine.findIndex(ends);
		return end === -1 ? mine : mine.slice(0, end + 1);
	}

	/** Rows of a print as objects. */
	async print(...words: string[]): Promise<Array<Record<string, string>>> {
		const replies = await this.command(...words);
		const trap = replies.find((s) => s[0] === '!trap');
		if (trap) throw new Error(trap.join(' '));
		return replies.filter((s) => s[0] === '!re').map(toObject);
	}

	close(): void {
		this.socket.destroy();
	}

	private wake(): void {
		const w = this.waiters;
		this.waiters = [];
		for (const f of w) f();
	}
}

export function toObject(sentence: string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const word of sentence.slice(1)) {
		if (!word.startsWith('=')) continue;
		const eq = word.indexOf('=', 1);
		out[word.slice(1, eq)] = word.slice(eq + 1);
	}
	return out;
}
