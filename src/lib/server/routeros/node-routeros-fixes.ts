/**
 * Repairs for node-routeros 1.6.9 (its last release), applied once to its prototypes before the
 * first connection. Each fix names the defect from DESIGN §5 it answers; client.spec.ts proves
 * each against the simulator, and node-routeros-defects.spec.ts shows the unrepaired library
 * failing the same way. Kept here (not as a patch of node_modules) so `npm ci` needs no
 * post-install step and a library upgrade fails loudly in the defect spec instead of silently.
 */
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { encodeWord, RouterOsProtocolError, SentenceDecoder } from './wire';
import { RouterError } from './types';

const require = createRequire(import.meta.url);

interface ReceiverLike {
	socket: Socket;
	tags: Map<string, { name: string; callback: (packet: string[]) => void }>;
	lunasDecoder?: SentenceDecoder;
	processRawData(data: Buffer): void;
}

interface ChannelLike {
	id: string;
	streaming: boolean;
	trapped: boolean;
	data: unknown[];
	emit(event: string, ...args: unknown[]): boolean;
	on(event: string, listener: (...args: never[]) => void): unknown;
	once(event: string, listener: (...args: never[]) => void): unknown;
	close(force?: boolean): void;
	parsePacket(packet: string[]): Record<string, string>;
	readAndWrite(params: string[]): void;
}

interface ConnectorLike {
	socket: Socket;
	listenerCount(event: string): number;
	emit(event: string, ...args: unknown[]): boolean;
	destroy(): void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');

/**
 * RouterOS stores bytes, not text: names typed in Winbox on an old Windows PC arrive as
 * Windows-1252, while the API and WebFig send UTF-8. UTF-8 is tried first because a valid UTF-8
 * multi-byte sequence is almost never meaningful Windows-1252 text.
 */
export function decodeRouterText(bytes: Buffer): string {
	try {
		return utf8.decode(bytes);
	} catch {
		return windows1252.decode(bytes);
	}
}

let applied = false;

export function applyNodeRouterosFixes(): void {
	if (applied) return;
	applied = true;
	const { Receiver } = require('node-routeros/dist/connector/Receiver.js');
	const { Transmitter } = require('node-routeros/dist/connector/Transmitter.js');
	const { Connector } = require('node-routeros/dist/connector/Connector.js');
	const { Channel } = require('node-routeros/dist/Channel.js');

	// Defects: framing depends on TCP chunk boundaries; words decoded as win1252; untagged
	// replies throw UNREGISTEREDTAG from inside the socket's data handler (process dies).
	// Fix: a real streaming decoder (wire.ts), tag looked up anywhere in the sentence, UTF-8
	// with a Windows-1252 fallback, and untagged/late sentences handled instead of thrown.
	Receiver.prototype.processRawData = function processRawData(this: ReceiverLike, data: Buffer) {
		const decoder = (this.lunasDecoder ??= new SentenceDecoder({ decodeWord: decodeRouterText }));
		let sentences: string[][];
		try {
			sentences = decoder.push(data);
		} catch (err) {
			if (!(err instanceof RouterOsProtocolError)) throw err;
			this.socket.destroy(new RouterError('protocol', `router sent garbage: ${err.message}`));
			return;
		}
		for (const words of sentences) {
			const reply = words[0];
			const tagWord = words.find((w) => w.startsWith('.tag='));
			const rest = words.slice(1).filter((w) => w !== tagWord);
			if (reply === '!fatal') {
				// The router is about to hang up; say why instead of just "closed".
				const message = rest.find((w) => !w.startsWith('='))
					?? rest.find((w) => w.startsWith('=message='))?.slice(9)
					?? 'router closed the session';
				this.socket.destroy(new RouterError('fatal', message));
				return;
			}
			// Untagged replies, and late replies to a command we already gave up on, belong to
			// nobody; dropping them is what a router-side timeout would look like anyway.
			const tag = tagWord ? this.tags.get(tagWord.slice(5)) : undefined;
			tag?.callback([reply, ...rest]);
		}
	};

	// Defect: words are encoded as win1252, so names outside it (e.g. "☕") become "?".
	Transmitter.prototype.encodeString = function encodeString(str: string | null): Buffer {
		return str === null ? Buffer.from([0]) : encodeWord(str);
	};

	// Defect: a socket error after connecting is emitted as 'error' on an emitter that may have
	// no listener left (destroy() removes them all), which kills the process. Fix: only emit when
	// someone listens, and keep the socket itself quiet after destroy.
	Connector.prototype.onError = function onError(this: ConnectorLike, err: Error) {
		const wrapped = err instanceof RouterError ? err : new RouterError('closed', err.message || String(err));
		if (this.listenerCount('error') > 0) this.emit('error', wrapped, this);
		this.destroy();
	};
	const destroy = Connector.prototype.destroy;
	Connector.prototype.destroy = function (this: ConnectorLike) {
		this.socket?.on('error', () => {});
		destroy.call(this);
	};

	// Defects: `!empty` (RouterOS 7.18+) reaches the 'unknown' branch, which throws UNKNOWNREPLY
	// inside an event handler; `!trap` rejects with the message only (category lost).
	// Fix: `!empty` means "no rows" (its `!done` follows); a trap rejects with a RouterError that
	// keeps the category; any other unknown reply fails that command, not the process.
	Channel.prototype.processPacket = function processPacket(this: ChannelLike, packet: string[]) {
		const reply = packet.shift();
		const parsed = this.parsePacket(packet);
		switch (reply) {
			case '!re':
				this.emit(this.streaming ? 'stream' : 'data', parsed);
				return;
			case '!empty':
				return;
			case '!trap':
				this.trapped = true;
				this.emit('trap', parsed);
				return;
			case '!done':
				if (packet.length > 0 && !this.streaming) this.emit('data', parsed);
				if (!this.trapped) this.emit('done', this.data);
				this.close();
				return;
			default:
				this.trapped = true;
				this.emit('lunas-protocol-error', new RouterError('protocol', `unexpected reply ${reply}`));
				this.close();
		}
	};
	Channel.prototype.write = function write(this: ChannelLike, params: string[], isStream = false, returnPromise = true) {
		this.streaming = isStream;
		params.push('.tag=' + this.id);
		if (!returnPromise) {
			this.readAndWrite(params);
			return undefined;
		}
		this.on('data', (row: unknown) => this.data.push(row));
		return new Promise((resolve, reject) => {
			this.once('done', (data: unknown) => resolve(data));
			this.once('trap', (data: Record<string, string>) => {
				const category = data.category === undefined ? null : Number(data.category);
				reject(new RouterError('trap', data.message ?? 'router refused the command', Number.isInteger(category) ? category : null));
			});
			this.once('lunas-protocol-error', (err: RouterError) => reject(err));
			this.readAndWrite(params);
		});
	};
	// The constructor binds this to 'unknown'; processPacket above never emits it any more.
	Channel.prototype.onUnknown = function onUnknown() {};
}
