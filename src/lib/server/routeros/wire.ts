/**
 * RouterOS API wire codec: words are a length prefix plus bytes, a sentence is words ended by a
 * zero-length word. Shared by the router client and the simulator, so it depends on neither.
 */

export class RouterOsProtocolError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RouterOsProtocolError';
	}
}

/** Largest length the 0xF0 form can carry. */
const MAX_LENGTH = 0xffffffff;

export function encodeLength(length: number): Buffer {
	if (!Number.isInteger(length) || length < 0 || length > MAX_LENGTH) {
		throw new RangeError(`word length out of range: ${length}`);
	}
	if (length < 0x80) return Buffer.from([length]);
	if (length < 0x4000) return Buffer.from([(length >> 8) | 0x80, length & 0xff]);
	if (length < 0x200000) {
		return Buffer.from([(length >> 16) | 0xc0, (length >> 8) & 0xff, length & 0xff]);
	}
	if (length < 0x10000000) {
		// `>>>` keeps the top byte unsigned; 0xE0 marks the 4-byte form.
		return Buffer.from([
			((length >>> 24) & 0xff) | 0xe0,
			(length >> 16) & 0xff,
			(length >> 8) & 0xff,
			length & 0xff
		]);
	}
	const out = Buffer.alloc(5);
	out[0] = 0xf0;
	out.writeUInt32BE(length, 1);
	return out;
}

/** How many bytes the length prefix starting with `first` occupies; throws on the reserved forms. */
export function lengthPrefixSize(first: number): number {
	if (first < 0x80) return 1;
	if (first < 0xc0) return 2;
	if (first < 0xe0) return 3;
	if (first < 0xf0) return 4;
	if (first < 0xf8) return 5;
	throw new RouterOsProtocolError(`reserved length prefix byte 0x${first.toString(16)}`);
}

/** Decodes a complete length prefix at `offset` (the caller checked enough bytes are there). */
export function decodeLength(buf: Buffer, offset: number): number {
	const first = buf[offset];
	switch (lengthPrefixSize(first)) {
		case 1:
			return first;
		case 2:
			return ((first & 0x3f) << 8) | buf[offset + 1];
		case 3:
			return ((first & 0x1f) << 16) | (buf[offset + 1] << 8) | buf[offset + 2];
		case 4:
			return (
				(first & 0x0f) * 0x1000000 + (buf[offset + 1] << 16) + (buf[offset + 2] << 8) + buf[offset + 3]
			);
		default:
			return buf.readUInt32BE(offset + 1);
	}
}

export function encodeWord(word: string): Buffer {
	const bytes = Buffer.from(word, 'utf8');
	return Buffer.concat([encodeLength(bytes.length), bytes]);
}

export function encodeSentence(words: readonly string[]): Buffer {
	return Buffer.concat([...words.map(encodeWord), Buffer.from([0])]);
}

export interface SentenceDecoderOptions {
	/** Refuse words longer than this, so a garbage prefix cannot make us buffer gigabytes. */
	maxWordBytes?: number;
	/** Bytes → text for one word; UTF-8 unless told otherwise. */
	decodeWord?: (bytes: Buffer) => string;
}

/**
 * Streaming decoder: feed it TCP chunks in any split; it returns every sentence completed so far.
 * After it throws a RouterOsProtocolError the stream is unusable (framing is lost), so callers
 * should close the connection.
 */
export class SentenceDecoder {
	private pending: Buffer = Buffer.alloc(0);
	private words: string[] = [];
	private readonly maxWordBytes: number;
	private readonly decodeWord: (bytes: Buffer) => string;

	constructor(options: SentenceDecoderOptions = {}) {
		this.maxWordBytes = options.maxWordBytes ?? 16 * 1024 * 1024;
		this.decodeWord = options.decodeWord ?? ((bytes) => bytes.toString('utf8'));
	}

	push(chunk: Buffer): string[][] {
		const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
		const sentences: string[][] = [];
		let offset = 0;
		while (offset < buf.length) {
			const prefix = lengthPrefixSize(buf[offset]);
			if (buf.length - offset < prefix) break;
			const length = decodeLength(buf, offset);
			if (length > this.maxWordBytes) {
				throw new RouterOsProtocolError(`word of ${length} bytes exceeds the limit`);
			}
			if (buf.length - offset - prefix < length) break;
			const start = offset + prefix;
			offset = start + length;
			if (length === 0) {
				// An empty sentence (a lone zero byte) carries nothing; real routers ignore it too.
				if (this.words.length > 0) sentences.push(this.words);
				this.words = [];
			} else {
				this.words.push(this.decodeWord(buf.subarray(start, start + length)));
			}
		}
		// Copy the tail so we do not pin a large chunk in memory for a few leftover bytes.
		this.pending = Buffer.from(buf.subarray(offset));
		return sentences;
	}

	/** True when part of a sentence has arrived but not its end. */
	get midSentence(): boolean {
		return this.pending.length > 0 || this.words.length > 0;
	}
}
