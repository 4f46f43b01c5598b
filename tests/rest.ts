/**
 * Calling the REST API in Vitest: real Request and Response objects through the dispatcher the
 * SvelteKit route uses, on a database from tests/db.ts. Every answer is checked against the
 * OpenAPI document (tests/rest-contract.ts), so each REST spec is also a contract test.
 */
import { handleRest, type RestDeps } from '../src/lib/server/rest/dispatch';
import { checkAgainstDocument } from './rest-contract';

export interface RestReply {
	status: number;
	type: string | null;
	headers: Headers;
	/** Parsed JSON; each test reads the fields it expects. */
	body: any;
}

export interface RestCallOptions {
	key?: string;
	body?: unknown;
	/** A body sent as is (broken JSON). */
	raw?: string;
	headers?: Record<string, string>;
}

export function restCaller(deps: () => RestDeps) {
	return async function call(method: string, path: string, opts: RestCallOptions = {}): Promise<RestReply> {
		const headers: Record<string, string> = { ...opts.headers };
		if (opts.key) headers.authorization = `Bearer ${opts.key}`;
		const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await handleRest(new Request(`http://lunas.test/api/v1${path}`, { method, headers, body }), deps());
		const text = await response.text();
		const reply = { status: response.status, type: response.headers.get('content-type'), headers: response.headers, body: text ? JSON.parse(text) : null };
		checkAgainstDocument(method, `/api/v1${path}`, reply.status, reply.type, reply.body);
		return reply;
	};
}
