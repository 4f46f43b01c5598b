/**
 * Reading a request body up to a size, for endpoints anyone may post to. A declared length over
 * the limit is refused before a byte is read; an undeclared (chunked) body is read only until it
 * passes the limit. Memory per request stays at the limit. The stream is left alone rather than
 * cancelled: cancelling resets the connection before the client has read the 413, while Node
 * discards what is left of an unread body once the answer is sent.
 */
export type CappedBody = { ok: true; text: string } | { ok: false; reason: 'too-large' };

export async function readCappedText(request: Request, maxBytes: number): Promise<CappedBody> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: 'too-large' };
	if (!request.body) return { ok: true, text: '' };
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			reader.releaseLock();
			return { ok: false, reason: 'too-large' };
		}
		chunks.push(value);
	}
	return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}
