import { describe, expect, it } from 'vitest';
import { decodeLength, encodeLength, encodeSentence, RouterOsProtocolError, SentenceDecoder } from './wire';

describe('length prefix', () => {
	const cases: Array<[number, number[]]> = [
		[0, [0x00]],
		[0x7f, [0x7f]],
		[0x80, [0x80, 0x80]],
		[0x3fff, [0xbf, 0xff]],
		[0x4000, [0xc0, 0x40, 0x00]],
		[0x1fffff, [0xdf, 0xff, 0xff]],
		[0x200000, [0xe0, 0x20, 0x00, 0x00]],
		[0xfffffff, [0xef, 0xff, 0xff, 0xff]],
		[0x10000000, [0xf0, 0x10, 0x00, 0x00, 0x00]],
		[0xffffffff, [0xf0, 0xff, 0xff, 0xff, 0xff]]
	];
	for (const [length, bytes] of cases) {
		it(`encodes and decodes 0x${length.toString(16)}`, () => {
			const encoded = encodeLength(length);
			expect([...encoded]).toEqual(bytes);
			expect(decodeLength(encoded, 0)).toBe(length);
		});
	}

	it('rejects lengths no prefix can carry', () => {
		expect(() => encodeLength(-1)).toThrow(RangeError);
		expect(() => encodeLength(0x100000000)).toThrow(RangeError);
	});
});

describe('SentenceDecoder', () => {
	it('round-trips words at every length boundary, including UTF-8', () => {
		const sizes = [0x7f, 0x80, 0x3fff, 0x4000, 0x1fffff, 0x200000];
		const words = sizes.map((n) => 'x'.repeat(n));
		words.push('=comment=Pak Budi — RT 03 ñ 😀');
		const decoder = new SentenceDecoder();
		expect(decoder.push(encodeSentence(words))).toEqual([words]);
	});

	it('decodes a word whose length needs the 4-byte and 0xF0 forms', () => {
		// Building a 256 MiB word is too slow for a unit test; check the header path with a smaller limit.
		const decoder = new SentenceDecoder({ maxWordBytes: 0x10 });
		expect(() => decoder.push(Buffer.from([0xe0, 0x20, 0x00, 0x00]))).toThrow(/exceeds/);
		const big = new SentenceDecoder({ maxWordBytes: 0x10 });
		expect(() => big.push(Buffer.from([0xf0, 0x10, 0x00, 0x00, 0x00]))).toThrow(/exceeds/);
	});

	it('handles a sentence split at every byte', () => {
		const bytes = encodeSentence(['/ppp/secret/print', '?name=a', '.tag=7', 'y'.repeat(0x4000)]);
		const decoder = new SentenceDecoder();
		const got: string[][] = [];
		for (let i = 0; i < bytes.length; i++) got.push(...decoder.push(bytes.subarray(i, i + 1)));
		expect(got).toEqual([['/ppp/secret/print', '?name=a', '.tag=7', 'y'.repeat(0x4000)]]);
		expect(decoder.midSentence).toBe(false);
	});

	it('handles several sentences in one chunk with a partial one at the end', () => {
		const a = encodeSentence(['!re', '=name=a']);
		const b = encodeSentence(['!done']);
		const c = encodeSentence(['!re', '=name=c']);
		const decoder = new SentenceDecoder();
		const all = Buffer.concat([a, b, c]);
		expect(decoder.push(all.subarray(0, a.length + b.length + 3))).toEqual([['!re', '=name=a'], ['!done']]);
		expect(decoder.midSentence).toBe(true);
		expect(decoder.push(all.subarray(a.length + b.length + 3))).toEqual([['!re', '=name=c']]);
	});

	it('splits a length prefix across chunks', () => {
		const bytes = encodeSentence(['z'.repeat(0x200000)]);
		const decoder = new SentenceDecoder();
		expect(decoder.push(bytes.subarray(0, 2))).toEqual([]);
		expect(decoder.push(bytes.subarray(2))).toEqual([['z'.repeat(0x200000)]]);
	});

	it('throws a protocol error on a reserved first byte', () => {
		for (const b of [0xf8, 0xff]) {
			expect(() => new SentenceDecoder().push(Buffer.from([b, 0, 0, 0, 0]))).toThrow(RouterOsProtocolError);
		}
	});
});
