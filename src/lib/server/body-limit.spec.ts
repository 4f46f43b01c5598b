import { describe, expect, it } from 'vitest';
import { readCappedText } from './body-limit';

/** A chunked body (no Content-Length) of `chunks` pieces of `size` bytes, counting what was pulled. */
function streamed(chunks: number, size: number) {
	let pulled = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (pulled >= chunks) return controller.close();
			pulled++;
			controller.enqueue(new Uint8Array(size).fill(97));
		}
	});
	return { request: new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit), pulled: () => pulled };
}

describe('readCappedText', () => {
	it('reads a body within the limit', async () => {
		expect(await readCappedText(new Request('http://x/', { method: 'POST', body: '{"a":1}' }), 100)).toEqual({ ok: true, text: '{"a":1}' });
	});

	it('refuses a declared length over the limit without reading it', async () => {
		const req = new Request('http://x/', { method: 'POST', body: 'x'.repeat(200), headers: { 'content-length': '200' } });
		expect(await readCappedText(req, 100)).toEqual({ ok: false, reason: 'too-large' });
	});

	it('stops reading an undeclared body as soon as it passes the limit', async () => {
		const s = streamed(1000, 1024);
		expect(await readCappedText(s.request, 64 * 1024)).toEqual({ ok: false, reason: 'too-large' });
		expect(s.pulled()).toBeLessThan(70);
	});
});
