import type { z } from 'zod';
import type { Db } from '../db/index';
import type { Config } from '../config';
import type { Actor } from '../trpc/actor';
import type { SubscriptionContext } from '../billing/subscriptions';
import type { ApiKeyPrincipal } from '../api-keys/api-keys.service';
import type { Language } from '../../shared/domain';

/** `read` and `write` need a key of that scope; `public` needs none (rate-limited per address). */
export type RestAccess = 'read' | 'write' | 'public';

/** What a route handler gets: parsed input, and who acts, as the services want it. */
export interface RestCall<P = unknown, Q = unknown, B = unknown> {
	db: Db;
	config: Config;
	key: ApiKeyPrincipal | null;
	/** The key's creator acting, limited to the key's areas. */
	actor: Actor;
	ledger(): Promise<SubscriptionContext>;
	params: P;
	query: Q;
	body: B;
	/** The JSON body before parsing (a PATCH tells which fields were sent). */
	rawBody: unknown;
	/** The request's Idempotency-Key (a POST that takes one), else null. */
	idempotencyKey: string | null;
	ipAddress: string;
	lang: Language;
	baseUrl: string;
}

export interface RestResult {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** A route's answer when it is not a plain 200 (or the route's status) with the value as body. */
export class RestAnswer implements RestResult {
	constructor(
		public readonly status: number,
		public readonly body: unknown,
		public readonly headers: Record<string, string> = {}
	) {}
}

export interface RestExample {
	summary: string;
	value: unknown;
}

export interface RestRoute {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** OpenAPI style, under /api/v1: `/customers/{id}`. */
	path: string;
	operationId: string;
	tag: string;
	summary: string;
	description?: string;
	access: RestAccess;
	params?: z.ZodType;
	query?: z.ZodType;
	body?: z.ZodType;
	bodyExample?: unknown;
	/** Accepts an Idempotency-Key header (POSTs that create). */
	idempotent?: boolean;
	/** The success status (200 unless said). */
	status?: 200 | 201 | 202 | 204;
	responseDescription: string;
	/** The success body's shape (responses.ts), for the document and the contract test; null for a 204. */
	response: z.ZodType | null;
	/**
	 * Other success answers the route gives: a resend's 200 with the same shape (documented for
	 * every idempotent create), or a router action's 200 when there is no job to follow.
	 */
	alsoAnswers?: { status: 200; description: string; response: z.ZodType };
	responseExample?: unknown;
	/** Each route's schemas type its own input; the table holds them all. */
	run(call: RestCall<any, any, any>): Promise<unknown>;
}
