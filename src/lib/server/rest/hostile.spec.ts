/**
 * Nothing a caller can send is a 5xx: every route, every body, path and query field replaced in
 * turn by the fuzz suite's hostile values (numbers at the edges, lone surrogates, NUL, huge
 * strings, wrong types), and whole bodies that are not objects. Each answer is a 2xx–4xx, and
 * every refusal is a problem document that, like every answer, is what the OpenAPI document says.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../tests/db';
import { trpcTester } from '../../../../tests/trpc';
import { hostileStrings, numberEdges } from '../../../../tests/fuzz/hostile';
import { areas } from '../db/schema';
import { setConfigForTests, type Config } from '../config';
import { createApiKey } from '../api-keys/api-keys.service';
import { translator } from '../../shared/i18n/index';
import { handleRest } from './dispatch';
import { REST_ROUTES } from './routes';
import { checkAgainstDocument } from '../../../../tests/rest-contract';

let t: TestDatabase;
let config: Config;
let areaId: string;
let customerId: string;
let adminId: string;
const { makeUser, callerAs } = trpcTester(() => t);

/** JSON can carry these (BigInt cannot; NaN and Infinity arrive as null). */
const HOSTILE: unknown[] = [
	...numberEdges.filter((v) => typeof v !== 'bigint'),
	...hostileStrings,
	null,
	true,
	[],
	[1, 2],
	{},
	{ __proto__: { admin: true } },
	{ constructor: { prototype: {} } }
];

function propertiesOf(schema: z.ZodType | undefined): string[] {
	if (!schema) return [];
	const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
	return Object.keys(json.properties ?? {});
}

beforeAll(async () => {
	t = await createTestDatabase();
	config = testConfig(t.url) as Config;
	setConfigForTests(config);
	areaId = randomUUID();
	await t.db.insert(areas).values({ id: areaId, name: 'Teluk' });
	const admin = await makeUser('admin');
	customerId = (await callerAs(admin).customers.create({ name: 'Siti Aminah', phone: '081234567890', address: 'Jl. Merdeka No. 1', areaId })).id;
	adminId = admin.id;
});
afterAll(async () => t?.drop());

describe('hostile input on every REST route', () => {
	it('is never answered with a 5xx', { timeout: 600_000 }, async () => {
		const actor = { userId: adminId, role: 'admin' as const, ipAddress: '127.0.0.1', t: translator('id') };
		const failures: string[] = [];
		const contractFailures: string[] = [];
		let sent = 0;
		for (const route of REST_ROUTES) {
			// A key per route keeps the per-key rate limit out of the way of what is being tested.
			const { secret } = await createApiKey(t.db, { name: `fuzz ${route.operationId}`, scope: 'read-write', areaIds: null }, actor, 'Asia/Jakarta');
			// A lone surrogate cannot be percent-encoded; send the bytes of one, which is not UTF-8.
			const segment = (v: string) => {
				try {
					return encodeURIComponent(v);
				} catch {
					return '%ED%A0%80';
				}
			};
			const pathOf = (params: Record<string, string>, raw = false) =>
				route.path.replace(/\{(\w+)\}/g, (_, n: string) => (n in params ? (raw ? params[n] : segment(params[n])) : customerId));
			const send = async (path: string, body: unknown, query = '') => {
				const headers: Record<string, string> = { authorization: `Bearer ${secret}` };
				const init: RequestInit = { method: route.method, headers };
				if (route.method !== 'GET') {
					headers['content-type'] = 'application/json';
					init.body = typeof body === 'string' ? body : JSON.stringify(body);
				}
				const response = await handleRest(new Request(`http://lunas.test/api/v1${path}${query}`, init), { db: t.db, config, ipAddress: '127.0.0.1' });
				sent++;
				const text = await response.text();
				if (response.status >= 500) failures.push(`${route.method} ${path}${query.slice(0, 80)} ${String(init.body).slice(0, 80)} → ${response.status} ${text.slice(0, 200)}`);
				else if (response.status >= 400) expect(response.headers.get('content-type'), `${route.method} ${path}`).toBe('application/problem+json');
				// Whatever came back is what the document says that status carries.
				try {
					checkAgainstDocument(route.method, `/api/v1${path}${query}`, response.status, response.headers.get('content-type'), text ? JSON.parse(text) : null);
				} catch (err) {
					if (contractFailures.length < 20) contractFailures.push((err as Error).message.slice(0, 400));
				}
			};
			const base: Record<string, unknown> = route.bodyExample && typeof route.bodyExample === 'object' ? { ...(route.bodyExample as object) } : {};
			if ('customerId' in base) base.customerId = customerId;
			if ('areaId' in base) base.areaId = areaId;
			// Path parameters.
			for (const name of route.path.match(/\{(\w+)\}/g)?.map((m) => m.slice(1, -1)) ?? []) {
				for (const v of hostileStrings.slice(0, 24)) await send(pathOf({ [name]: v || ' ' }), base);
				for (const raw of ['%', '%zz', '%E0%A4%A', '..', '1e400', '-1', '0', '99999999999999999999']) await send(pathOf({ [name]: raw }, true), base);
			}
			// Body fields, one at a time, and bodies that are not objects.
			if (route.body) {
				for (const field of propertiesOf(route.body)) for (const v of HOSTILE) await send(pathOf({}), { ...base, [field]: v });
				for (const whole of ['', 'null', '[]', '"x"', '{', '{"a":'.repeat(500), JSON.stringify(HOSTILE)]) await send(pathOf({}), whole);
			}
			// Query fields.
			for (const field of propertiesOf(route.query)) {
				for (const v of HOSTILE.filter((x) => typeof x === 'string' || typeof x === 'number')) {
					await send(pathOf({}), undefined, `?${new URLSearchParams({ [field]: String(v) })}`);
				}
			}
		}
		expect(failures).toEqual([]);
		expect(contractFailures).toEqual([]);
		expect(sent).toBeGreaterThan(1000);
	});
});
