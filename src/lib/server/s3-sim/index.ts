/**
 * A tiny S3-compatible object store over real HTTP, for the tests of the off-site backup copy: path
 * style (`/bucket/key`), PutObject, GetObject, DeleteObject and ListObjectsV2, objects in memory.
 * It checks AWS Signature Version 4 itself (its own implementation, not the SDK's), so a client
 * with the wrong secret, region or a tampered body is refused as real S3 would refuse it.
 */
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface S3Simulator {
	url: string;
	objects: Map<string, Buffer>;
	/** Requests refused for their signature (for tests to assert on). */
	refused: number;
	close(): Promise<void>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (S3: the path is not encoded twice). */
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function xml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function verifySignature(req: http.IncomingMessage, url: URL, body: Buffer, creds: { accessKeyId: string; secretAccessKey: string; region: string }): string | null {
	const auth = req.headers.authorization ?? '';
	const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
	if (!m) return 'missing or malformed Authorization';
	const [, akid, day, region, signedHeaders, signature] = m;
	if (akid !== creds.accessKeyId) return 'InvalidAccessKeyId';
	if (region !== creds.region) return 'AuthorizationHeaderMalformed (region)';
	const amzDate = String(req.headers['x-amz-date'] ?? '');
	const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
	if (!amzDate.startsWith(day)) return 'x-amz-date does not match the credential scope';
	if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return 'XAmzContentSHA256Mismatch';
	const query = [...url.searchParams.entries()]
		.map(([k, v]) => [enc(k), enc(v)])
		.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
		.map(([k, v]) => `${k}=${v}`)
		.join('&');
	const headers = signedHeaders
		.split(';')
		.map((h) => `${h}:${String(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`)
		.join('');
	const canonical = [req.method, url.pathname, query, headers, signedHeaders, payloadHash].join('\n');
	const scope = `${day}/${region}/s3/aws4_request`;
	const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
	const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), region), 's3'), 'aws4_request');
	return createHmac('sha256', key).update(toSign).digest('hex') === signature ? null : 'SignatureDoesNotMatch';
}

export async function startS3Simulator(opts: { bucket: string; accessKeyId: string; secretAccessKey: string; region?: string }): Promise<S3Simulator> {
	const objects = new Map<string, Buffer>();
	const creds = { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey, region: opts.region ?? 'us-east-1' };
	const sim = { objects, refused: 0 } as S3Simulator;
	const server = http.createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const body = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://s3.local');
		const reply = (status: number, text = '', type = 'application/xml') => {
			res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
			res.end(text);
		};
		const error = (status: number, code: string, message: string) =>
			reply(status, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xml(message)}</Message></Error>`);
		const problem = verifySignature(req, url, body, creds);
		if (problem) {
			sim.refused++;
			return error(403, problem.split(' ')[0], problem);
		}
		const [, bucket, ...rest] = url.pathname.split('/');
		if (decodeURIComponent(bucket) !== opts.bucket) return error(404, 'NoSuchBucket', bucket);
		const key = rest.map(decodeURIComponent).join('/');
		if (req.method === 'PUT' && key) {
			objects.set(key, body);
			res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"`, 'content-length': 0 });
			return res.end();
		}
		if (req.method === 'GET' && key) {
			const obj = objects.get(key);
			return obj ? reply(200, obj as unknown as string, 'application/octet-stream') : error(404, 'NoSuchKey', key);
		}
		if (req.method === 'DELETE' && key) {
			objects.delete(key);
			res.writeHead(204);
			return res.end();
		}
		if (req.method === 'GET' && !key && url.searchParams.get('list-type') === '2') {
			const prefix = url.searchParams.get('prefix') ?? '';
			const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
			const contents = keys.map((k) => `<Contents><Key>${xml(k)}</Key><Size>${objects.get(k)!.length}</Size><LastModified>2026-01-01T00:00:00.000Z</LastModified></Contents>`).join('');
			return reply(200, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${xml(opts.bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`);
		}
		return error(501, 'NotImplemented', `${req.method} ${url.pathname}`);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	sim.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	sim.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
	return sim;
}
