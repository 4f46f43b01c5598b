/**
 * One API client connection: decodes sentences, handles login, runs commands, and writes replies
 * through a queue that applies latency and the fault knobs while keeping reply order.
 */
import type { Socket } from 'node:net';
import { runCommand, trapReply, type CommandContext } from './commands';
import { INVALID_LOGIN, login } from './login';
import { parseCommand } from './sentence';
import { encodeSentence, RouterOsProtocolError, SentenceDecoder } from '../routeros/wire';

export interface Faults {
	/** Delay before each command's replies; commands pipelined together are answered together. */
	latencyMs: number;
	/** Reject every login as if the password were wrong. */
	refuseLogin: boolean;
	/** Close the socket right after the first `!re` of the next print that has rows (one-shot). */
	dropMidReply: boolean;
	/** Answer this command (e.g. `/ppp/secret/set`) with a `!trap` instead of running it. */
	trapOn: { command: string; message: string; category?: number } | null;
	/** Write every sentence in small random pieces, each its own TCP write. */
	splitWrites: boolean;
	/** Read but never answer (a hung router). */
	stall: boolean;
}

export interface ConnectionConfig {
	user: string;
	password: string;
	legacyLogin: boolean;
	command: CommandContext;
	faults: Faults;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ApiConnection {
	private readonly decoder = new SentenceDecoder();
	private loggedIn = false;
	private challenge?: string;
	private queue: Promise<void> = Promise.resolve();

	constructor(
		private readonly socket: Socket,
		private readonly config: ConnectionConfig
	) {
		socket.setNoDelay(true);
		socket.on('data', (chunk: Buffer) => this.onData(chunk));
		// A client vanishing is normal for a router; nothing to report.
		socket.on('error', () => socket.destroy());
	}

	private onData(chunk: Buffer): void {
		let sentences: string[][];
		try {
			sentences = this.decoder.push(chunk);
		} catch (err) {
			if (!(err instanceof RouterOsProtocolError)) throw err;
			// Framing is lost; there is no way to resynchronise, so hang up as the router does.
			this.reply([['!fatal', `=message=${err.message}`]], undefined, { close: true });
			return;
		}
		for (const words of sentences) this.onSentence(words);
	}

	private onSentence(words: string[]): void {
		const faults = this.config.faults;
		if (faults.stall) return;
		const cmd = parseCommand(words);
		if (cmd.command === '/login') {
			this.onLogin(cmd.attrs, cmd.tag);
			return;
		}
		if (!this.loggedIn && cmd.command !== '/quit') {
			this.reply(trapReply('not logged in'), cmd.tag);
			return;
		}
		if (faults.trapOn && faults.trapOn.command === cmd.command) {
			this.reply(trapReply(faults.trapOn.message, faults.trapOn.category), cmd.tag);
			return;
		}
		const outcome = runCommand(cmd, this.config.command);
		const drop = faults.dropMidReply && outcome.rows > 0;
		if (drop) faults.dropMidReply = false;
		this.reply(outcome.replies, cmd.tag, { close: outcome.fatal, dropAfterFirstRow: drop });
	}

	private onLogin(attrs: Record<string, string>, tag?: string): void {
		const result = login(attrs, {
			user: this.config.user,
			password: this.config.password,
			legacy: this.config.legacyLogin,
			refuse: this.config.faults.refuseLogin,
			challenge: this.challenge
		});
		if (result.kind === 'challenge') {
			this.challenge = result.challenge;
			this.reply([['!done', `=ret=${result.challenge}`]], tag);
			return;
		}
		// A challenge is good for one attempt only.
		this.challenge = undefined;
		this.loggedIn = result.kind === 'ok';
		this.reply(this.loggedIn ? [['!done']] : trapReply(INVALID_LOGIN), tag);
	}

	private reply(
		sentences: string[][],
		tag: string | undefined,
		options: { close?: boolean; dropAfterFirstRow?: boolean } = {}
	): void {
		// Real routers put `.tag` right after the reply word, on every sentence of the reply.
		const tagged = tag === undefined ? sentences : sentences.map(([w, ...rest]) => [w, `.tag=${tag}`, ...rest]);
		const due = Date.now() + this.config.faults.latencyMs;
		this.queue = this.queue
			.then(async () => {
				const wait = due - Date.now();
				if (wait > 0) await sleep(wait);
				for (const sentence of tagged) {
					if (this.socket.destroyed) return;
					await this.write(encodeSentence(sentence));
					if (options.dropAfterFirstRow && sentence[0] === '!re') {
						this.socket.destroy();
						return;
					}
				}
				if (options.close) this.socket.end();
			})
			.catch(() => {
				this.socket.destroy();
			});
	}

	private async write(bytes: Buffer): Promise<void> {
		if (!this.config.faults.splitWrites) {
			this.socket.write(bytes);
			return;
		}
		let offset = 0;
		while (offset < bytes.length && !this.socket.destroyed) {
			const size = 1 + Math.floor(Math.random() * 7);
			this.socket.write(bytes.subarray(offset, offset + size));
			offset += size;
			// Yield to the event loop so each piece leaves as its own TCP segment.
			await new Promise<void>((resolve) => setImmediate(resolve));
		}
	}
}
