/**
 * One REST request: find the route, check the key (scope, rate), parse the input with the
 * route's zod schemas, apply Idempotency-Key, run the route's one service call, and answer JSON —
 * or a problem document, never an unhandled error.
 */
import { z } from 'zod';
import type { Db } from '../db/index';
import type { Config } from '../config';
import { authenticateApiKey, type ApiKeyPrincipal } from '../api-keys/api-keys.service';
import { asApiKey } from '../audit';
import { forbidden, invalid, invalidField, rateLimited, DomainError } from '../errors';
import { sourceKey, takeAllowance, type RatePolicy } from '../rate-limit';
import { readCappedText } from '../body-limit';
import { readBillingRules } from '../billing/rules';
import { translator } from '../../shared/i18n/index';
import type { Actor } from '../trpc/actor';
import { errorResponse, languageOf, problem, problemResponse } from './problem';
import { IDEMPOTENCY_KEY_PATTERN, requestHash, storeAnswer, storedAnswer } from './idempotency';
import { REST_ROUTES } from './routes';
import { RestAnswer, type RestCall, type RestResult, type RestRoute } from './types';

export const API_BASE = '/api/v1';
const MAX_BODY_BYTES = 64 * 1024;
/** Per key: generous for an integration, a stop for a runaway loop. */
export const KEY_RATE: RatePolicy = { windowMinutes: 1, limit: 600 };
/** Per address, for the public routes: a customer's pay page polls, a scraper does not get far. */
export const PUBLIC_RATE: RatePolicy = { windowMinutes: 1, limit: 60 };

interface CompiledRoute {
	route: RestRoute;
	pattern: RegExp;
	names: string[];
}

const COMPILED: CompiledRoute[] = REST_ROUTES.map((route) => {
	const names: string[] = [];
	const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
		names.push(name);
		return '([^/]+)';
	});
	return { route, pattern: new RegExp(`^${source}$`), names };
});

function match(method: string, path: string): { route: RestRoute; params: Record<string, string> } | { allowed: string[] } | null {
	const allowed: string[] = [];
	for (const c of COMPILED) {
		const m = c.pattern.exec(path);
		if (!m) continue;
		if (c.route.method !== method) {
			allowed.push(c.route.method);
			continue;
		}
		let params: Record<string, string>;
		try {
			params = Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
		} catch {
			return null;
		}
		return { route: c.route, params };
	}
	return allowed.length ? { allowed } : null;
}

/** Query strings are text; the list schemas want a number for pageSize. */
function queryObject(url: URL): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of url.searchParams) out[k] = k === 'pageSize' && /^\d{1,6}$/.test(v) ? Number(v) : v;
	return out;
}

async function parseBody(request: Request, route: RestRoute): Promise<{ raw: string; value: unknown }> {
	const capped = await readCappedText(request, MAX_BODY_BYTES);
	if (!capped.ok) throw invalid('api.badJson');
	const raw = capped.text;
	if (!route.body) return { raw, value: undefined };
	if (raw.trim() === '') return { raw, value: {} };
	try {
		return { raw, value: JSON.parse(raw) };
	} catch {
		throw invalidField('body', 'api.badJson');
	}
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown): T {
	if (!schema) return undefined as T;
	return schema.parse(value);
}

export interface RestDeps {
	db: Db;
	config: Config;
	ipAddress: string;
}

function json(result: RestResult, extra: Record<string, string> = {}): Response {
	// A 204 has no body, so it names no content type either.
	if (result.status === 204) return new Response(null, { status: 204, headers: { 'cache-control': 'no-store', ...result.headers, ...extra } });
	return new Response(JSON.stringify(result.body ?? null), {
		status: result.status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...result.headers, ...extra }
	});
}

export async function handleRest(request: Request, deps: RestDeps): Promise<Response> {
	const lang = languageOf(request.headers.get('accept-language'));
	const t = translator(lang);
	const url = new URL(request.url);
	const path = url.pathname.slice(API_BASE.length) || '/';
	const found = match(request.method, path);
	if (!found) return problemResponse(problem(404, t('api.routeUnknown')));
	if ('allowed' in found) {
		return problemResponse(problem(405, t('api.methodNotAllowed', { method: request.method })), { allow: found.allowed.join(', ') });
	}
	const { route, params } = found;
	let key: ApiKeyPrincipal | null = null;
	try {
		if (route.access === 'public') {
			const allowance = await takeAllowance(deps.db, `api-public:${sourceKey(deps.ipAddress)}`, PUBLIC_RATE);
			if (!allowance.allowed) throw tooMany('api.publicRateLimited', allowance.retryAt);
		} else {
			key = await authenticateApiKey(deps.db, request.headers.get('authorization'));
			const allowance = await takeAllowance(deps.db, `api-key:${key.id}`, KEY_RATE);
			if (!allowance.allowed) throw tooMany('api.rateLimited', allowance.retryAt);
			if (route.access === 'write' && key.scope !== 'read-write') throw forbidden('api.readOnly');
		}
		const idempotencyKey = route.idempotent ? request.headers.get('idempotency-key') : null;
		if (idempotencyKey !== null && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) throw invalidField('Idempotency-Key', 'api.idempotencyKey');
		const parsedParams = parseWith(route.params, params);
		const query = parseWith(route.query, queryObject(url));
		const body = route.method === 'GET' || route.method === 'DELETE' ? { raw: '', value: undefined } : await parseBody(request, route);
		const input = parseWith(route.body, body.value);

		const hash = idempotencyKey && key ? requestHash(route.method, path, body.raw) : null;
		if (hash && key && idempotencyKey) {
			const stored = await storedAnswer(deps.db, key.id, idempotencyKey, hash);
			if (stored.kind === 'mismatch') return problemResponse(problem(422, t('api.idempotencyReused'), { 'Idempotency-Key': [t('api.idempotencyReused')] }));
			if (stored.kind === 'replay') return json({ status: stored.status, body: stored.body }, { 'idempotent-replayed': 'true' });
		}

		const actor: Actor = {
			userId: key?.createdBy ?? '',
			role: 'admin',
			ipAddress: deps.ipAddress,
			t,
			areaIds: key?.areaIds ?? null
		};
		const call: RestCall = {
			db: deps.db,
			config: deps.config,
			key,
			actor,
			ledger: async () => ({
				timeZone: deps.config.ISP_TIMEZONE,
				rules: await readBillingRules(deps.db),
				actorUserId: actor.userId || null,
				ipAddress: deps.ipAddress,
				t,
				secretsKey: deps.config.SECRETS_KEY
			}),
			params: parsedParams,
			query,
			body: input,
			rawBody: body.value,
			idempotencyKey,
			ipAddress: deps.ipAddress,
			lang,
			baseUrl: url.origin
		};
		const run = () => route.run(call);
		const out = key ? await asApiKey(key.id, run) : await run();
		const result: RestResult = out instanceof RestAnswer ? out : { status: route.status ?? 200, body: out };
		if (hash && key && idempotencyKey) await storeAnswer(deps.db, key.id, idempotencyKey, hash, result.status, JSON.parse(JSON.stringify(result.body ?? null)));
		return json(result);
	} catch (err) {
		const headers: Record<string, string> = {};
		if (err instanceof DomainError && err.kind === 'rate_limited' && err.msg.values?.seconds) headers['retry-after'] = String(err.msg.values.seconds);
		if (err instanceof DomainError && err.kind === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="lunas"';
		return errorResponse(err, lang, headers);
	}
}

function tooMany(key: 'api.rateLimited' | 'api.publicRateLimited', retryAt: Date | null): DomainError {
	const seconds = retryAt ? Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000)) : 60;
	return rateLimited(key, { seconds });
}

