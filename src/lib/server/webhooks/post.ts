/**
 * The one HTTP POST of a webhook delivery, over node:http(s) rather than fetch because it lets
 * the connection's DNS lookup go through the SSRF guard (address-guard.ts). The receiver's answer
 * body is read and dropped (up to a cap): only its status is kept in the delivery log.
 */
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, isLocalName, isPrivateAddress, RefusedAddressError } from './address-guard';

export interface PostResult {
	/** Null when no HTTP answer came (refused address, connection failure, timeout). */
	statusCode: number | null;
	error: string | null;
	/** The address is private and not allowed: retrying cannot help. */
	refused: boolean;
	durationMs: number;
}

export interface PostOptions {
	timeoutMs: number;
	allowPrivate: boolean;
}

const MAX_ANSWER_BYTES = 64 * 1024;

export function postWebhook(url: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
	const started = performance.now();
	const done = (r: Omit<PostResult, 'durationMs'>): PostResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return Promise.resolve(done({ statusCode: null, error: 'not a valid URL', refused: true }));
	}
	const host = target.hostname.replace(/^\[|\]$/g, '');
	if (!options.allowPrivate && (isPrivateAddress(host) || isLocalName(host))) {
		return Promise.resolve(done({ statusCode: null, error: new RefusedAddressError(host).message, refused: true }));
	}
	const client = target.protocol === 'https:' ? https : http;
	return new Promise((resolve) => {
		let settled = false;
		const finish = (r: Omit<PostResult, 'durationMs'>) => {
			if (settled) return;
			settled = true;
			resolve(done(r));
		};
		const req = client.request(
			target,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Lunas-Webhooks/1', ...headers },
				lookup: options.allowPrivate ? undefined : (guardedLookup as unknown as http.RequestOptions['lookup']),
				timeout: options.timeoutMs
			},
			(res) => {
				let read = 0;
				res.on('data', (chunk: Buffer) => {
					read += chunk.length;
					if (read > MAX_ANSWER_BYTES) res.destroy();
				});
				const status = res.statusCode ?? null;
				const end = () => finish({ statusCode: status, error: status !== null && status >= 200 && status < 300 ? null : `HTTP ${status}`, refused: false });
				res.on('end', end);
				res.on('close', end);
				res.on('error', end);
			}
		);
		req.on('timeout', () => req.destroy(new Error(`no answer within ${Math.round(options.timeoutMs / 1000)} s`)));
		req.on('error', (err: NodeJS.ErrnoException) => {
			const refused = err instanceof RefusedAddressError || err.code === 'WEBHOOK_ADDRESS_REFUSED';
			finish({ statusCode: null, error: (err.code ? `${err.code}: ` : '') + err.message, refused });
		});
		req.end(body);
	});
}
