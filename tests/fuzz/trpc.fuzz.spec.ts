/**
 * The procedure fuzzer: every tRPC procedure of the app router (read from the router, so a new
 * procedure is covered without anyone remembering), as every role, through the real HTTP handler
 * (`handleTrpcRequest`, the one the /api/trpc route uses), with generated bad input: near-valid
 * inputs derived from the procedure's zod schema with one thing broken, wrong types, extremes,
 * ill-formed Unicode, huge strings, calendar edges, forged superjson metadata, malformed bodies,
 * batches and concurrent repeats of writes.
 *
 * Asserts after each case: no 5xx (a deliberate 503 "unavailable" excepted), no unhandled
 * rejection, and the database still answers. Seeded (LUNAS_FUZZ_SEED) and sized by
 * LUNAS_FUZZ_RUNS (cases per procedure; `npm run fuzz` runs a long one). Writes
 * test-results/fuzz-trpc.json for the summary of `npm test`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import superjson from 'superjson';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testConfig, type TestDatabase } from '../db';
import { trpcTester } from '../trpc';
import { appRouter } from '../../src/lib/server/trpc/root';
import { createContext } from '../../src/lib/server/trpc/trpc';
import { handleTrpcRequest } from '../../src/lib/server/trpc/http';
import { seedDemo } from '../../src/lib/server/demo/seed';
import type { SessionUser } from '../../src/lib/server/auth/session';
import type { Language } from '../../src/lib/shared/domain';
import { mutated, type IdPool } from './schema-arbitrary';
import { describeInput, summarise, writeStageReport, type Finding, type StageReport } from './report';

const RUNS = Number(process.env.LUNAS_FUZZ_RUNS ?? 10);
const SEED = Number(process.env.LUNAS_FUZZ_SEED ?? 20261207);
const SLOW_MS = 5000;
const HUNG_MS = 60_000;

interface ProcedureDef {
	_def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] };
}
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures)
	.filter(([, p]) => p._def.type !== 'subscription')
	.sort(([a], [b]) => a.localeCompare(b));

type RoleName = 'anonymous' | 'technician' | 'office' | 'admin';
const ROLES: RoleName[] = ['anonymous', 'technician', 'office', 'admin'];

/** How a case reaches the handler: superjson as the client sends it, or something a client never would. */
type Transport = 'superjson' | 'raw-json' | 'forged-meta' | 'malformed' | 'batch' | 'twice';

interface Case {
	role: RoleName;
	transport: Transport;
	lang: Language;
	ip: string;
	input: unknown;
	mutation: string;
	path: string;
	forgedMeta: unknown;
	malformed: string;
}

/** superjson annotations a client could forge: types on values that do not fit them. */
const FORGED_ANNOTATIONS = [['Date'], ['bigint'], ['set'], ['map'], ['regexp'], ['undefined'], ['number'], ['symbol', 'x'], ['class', 'Evil'], ['custom', 'x'], ['error'], ['URL']];
const MALFORMED_BODIES = ['', '{', 'null', '[]', '{"json":', '\u0000', '{"json":{},"meta":{"values":"x"}}', '{"json":{},"meta":{"values":{"__proto__":["Date"]}}}', '{"json":1e999}', '"' + 'a'.repeat(200_000) + '"', 'x'.repeat(1024)];

function caseArbitrary(inputSchema: unknown, pool: IdPool, isMutation: boolean): fc.Arbitrary<Case> {
	const transports: Transport[] = ['superjson', 'superjson', 'superjson', 'superjson', 'raw-json', 'forged-meta', 'malformed', 'batch'];
	if (isMutation) transports.push('twice', 'twice');
	return fc.record({
		role: fc.constantFrom(...ROLES),
		transport: fc.constantFrom(...transports),
		lang: fc.constantFrom<Language>('id', 'en'),
		ip: fc.constantFrom('127.0.0.1', '::1', '2001:db8::1', '10.0.0.7', '::ffff:192.0.2.1'),
		forgedMeta: fc.tuple(fc.constantFrom(...FORGED_ANNOTATIONS), fc.boolean()),
		malformed: fc.constantFrom(...MALFORMED_BODIES),
		c: mutated(inputSchema, pool)
	}).map(({ c, ...rest }) => ({ ...rest, ...c }));
}

function firstPathOf(value: unknown): string | null {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const key = Object.keys(value)[0];
		return key === undefined ? null : key;
	}
	return null;
}

/**
 * superjson as our client sends it; for a value our client refuses to send (a `__proto__` key),
 * the plain JSON an attacker would send anyway.
 */
function serialize(value: unknown): { json: unknown; meta?: unknown } {
	try {
		return superjson.serialize(value) as { json: unknown; meta?: unknown };
	} catch {
		return { json: JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? 'null') };
	}
}

/** The request a case makes; a query goes as GET ?input=, a mutation as a POST body. */
function requestFor(name: string, isMutation: boolean, c: Case): Request {
	let payload: string;
	const serialized = serialize(c.input);
	switch (c.transport) {
		case 'raw-json':
			payload = JSON.stringify(serialized.json ?? null);
			break;
		case 'forged-meta': {
			const [annotation, onRoot] = c.forgedMeta as [string[], boolean];
			const key = onRoot ? null : firstPathOf(serialized.json);
			payload = JSON.stringify({ json: serialized.json ?? null, meta: { values: key === null ? annotation : { [key]: annotation } } });
			break;
		}
		case 'malformed':
			payload = c.malformed;
			break;
		default:
			payload = JSON.stringify(serialized);
	}
	const base = 'http://localhost/api/trpc/';
	if (c.transport === 'batch') {
		// Many calls in one request: a batch must not bypass anything, nor take the server down.
		const n = 20;
		const names = Array.from({ length: n }, () => name).join(',');
		const inputs = JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, serialized])));
		return isMutation
			? new Request(`${base}${names}?batch=1`, { method: 'POST', body: inputs, headers: { 'content-type': 'application/json' } })
			: new Request(`${base}${names}?batch=1&input=${encodeURIComponent(inputs)}`);
	}
	return isMutation
		? new Request(`${base}${name}`, { method: 'POST', body: payload, headers: { 'content-type': 'application/json' } })
		: new Request(`${base}${name}?input=${encodeURIComponent(payload)}`);
}

let t: TestDatabase;
let tester: ReturnType<typeof trpcTester>;
const users: Partial<Record<RoleName, SessionUser | null>> = { anonymous: null };
let pool: IdPool;
const findings: Finding[] = [];
const slow: StageReport['slow'] = [];
let cases = 0;
let fiveXx = 0;
let crashes = 0;
/** How the cases were answered: a fuzzer that only ever hears 400 is not testing the services. */
const statuses: Record<string, number> = {};
/** Cases at least one of whose calls succeeded: inputs that got past validation and the role check. */
let succeeded = 0;
const started = performance.now();
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => void unhandled.push(err);

beforeAll(async () => {
	process.on('unhandledRejection', onUnhandled);
	t = await createTestDatabase();
	tester = trpcTester(() => t);
	await seedDemo(t.db, { secretsKey: testConfig(t.url).SECRETS_KEY, timeZone: 'Asia/Jakarta', customers: 15 });
	const [areaRows] = (await t.db.execute(sql`select id from areas`)) as unknown as [Array<{ id: string }>];
	users.technician = await tester.makeUser('technician', areaRows.map((r) => r.id));
	users.office = await tester.makeUser('office');
	users.admin = await tester.makeUser('admin');
	pool = await idPool();
});

afterAll(async () => {
	process.off('unhandledRejection', onUnhandled);
	const report: StageReport = { stage: 'trpc', seed: SEED, cases, fiveXx, crashes, statuses, slow, seconds: (performance.now() - started) / 1000, findings };
	writeStageReport(report);
	if (findings.length) console.log(`trpc fuzz findings (seed ${SEED}):\n${summarise(findings)}`);
	console.log(`trpc fuzz: ${cases} cases, ${fiveXx} 5xx, ${crashes} crashes, ${slow.length} slow, ${succeeded} succeeded, ${report.seconds.toFixed(1)} s, answers ${JSON.stringify(statuses)} (seed ${SEED}, ${RUNS} per procedure)`);
	await t?.drop();
});

/** Ids of rows the demo seed made, so near-valid inputs reach past "not found". */
async function idPool(): Promise<IdPool> {
	const uuids: string[] = [];
	for (const table of ['areas', 'packages', 'customers', 'subscriptions', 'invoices', 'payments', 'routers', 'users', 'sync_devices', 'cash_handovers']) {
		try {
			const [rows] = (await t.db.execute(sql.raw(`select id from \`${table}\` order by id limit 8`))) as unknown as [Array<{ id: string }>];
			uuids.push(...rows.map((r) => String(r.id)));
		} catch {
			/* a table renamed since: the pool is only a help */
		}
	}
	const ints: number[] = [1, 2];
	const [jobs] = (await t.db.execute(sql`select id from router_jobs order by id limit 4`)) as unknown as [Array<{ id: number }>];
	ints.push(...jobs.map((r) => Number(r.id)));
	return { uuids: uuids.filter((id) => id.length === 36), ints };
}

async function databaseAnswers(): Promise<boolean> {
	try {
		await t.db.execute(sql`select 1`);
		return true;
	} catch {
		return false;
	}
}

/** An error and what caused it, innermost first: drizzle wraps the driver's error ("Deadlock found …"). */
function causeChain(err: Error): string {
	const parts: string[] = [];
	for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) parts.push(`${e.name}: ${e.message.split('\n')[0].slice(0, 200)}`);
	return parts.reverse().join(' ← ');
}

/** Runs one case; records what broke. Never throws: every finding of the run is reported together. */
async function runCase(name: string, isMutation: boolean, c: Case): Promise<void> {
	cases += 1;
	const where = `trpc ${name} as ${c.role}`;
	const input = `${c.transport}/${c.mutation}${c.path ? `@${c.path}` : ''} ${describeInput(c.transport === 'malformed' ? c.malformed : c.input)}`;
	const internal: Array<{ err: unknown }> = [];
	const context = () => createContext({ db: t.db, config: fuzzConfig(), user: users[c.role] ?? null, sessionId: null, ipAddress: c.ip, lang: c.lang });
	const requests = c.transport === 'twice' ? [requestFor(name, isMutation, c), requestFor(name, isMutation, c)] : [requestFor(name, isMutation, c)];
	const before = unhandled.length;
	const t0 = performance.now();
	let responses: Response[];
	try {
		// A case that waits on something for ever (a lock, a socket) is a finding, not a stuck suite.
		let timer: ReturnType<typeof setTimeout> | undefined;
		const hung = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), HUNG_MS)));
		const answered = await Promise.race([Promise.all(requests.map((req) => handleTrpcRequest(req, context, (err) => void internal.push({ err })))), hung]);
		clearTimeout(timer);
		if (answered === null) {
			fiveXx += 1;
			findings.push({ where, error: `no answer in ${HUNG_MS / 1000} s`, input });
			return;
		}
		responses = answered;
	} catch (err) {
		crashes += 1;
		findings.push({ where, error: `handler threw ${String(err)}`, input, stack: (err as Error)?.stack });
		return;
	}
	const ms = performance.now() - t0;
	if (ms > SLOW_MS) slow.push({ where, input, ms: Math.round(ms) });
	let anyOk = false;
	for (const response of responses) {
		const body = await response.text();
		// A batch answers 207 with one status per call inside; look at every one of them.
		const codes = [...body.matchAll(/"httpStatus":(\d+)/g)].map((m) => Number(m[1]));
		const worst = Math.max(response.status, ...codes);
		for (const status of codes.length ? codes : [response.status]) statuses[status] = (statuses[status] ?? 0) + 1;
		anyOk ||= (codes.length ? codes : [response.status]).some((status) => status >= 200 && status < 300);
		const deliberateUnavailable = worst === 503 && !codes.some((s) => s >= 500 && s !== 503) && !internal.length;
		if (worst >= 500 && !deliberateUnavailable) {
			fiveXx += 1;
			const cause = internal[0]?.err as Error | undefined;
			findings.push({ where, error: `${worst} ${cause ? causeChain(cause) : body.slice(0, 200)}`, input, stack: cause?.stack?.split('\n').slice(0, 8).join('\n') });
			break;
		}
	}
	if (anyOk) succeeded += 1;
	if (unhandled.length > before) {
		crashes += 1;
		const err = unhandled[before] as Error;
		findings.push({ where, error: `unhandled rejection ${err?.name}: ${err?.message}`, input, stack: err?.stack });
	}
	if (!(await databaseAnswers())) {
		crashes += 1;
		findings.push({ where, error: 'database stopped answering', input });
	}
}

/** Outside services point at a closed local port: a case may try them, but never leaves the machine. */
function fuzzConfig() {
	return { ...testConfig(t.url), MIDTRANS_SERVER_KEY: 'SB-Mid-server-fuzz', MIDTRANS_CLIENT_KEY: 'SB-Mid-client-fuzz', MIDTRANS_SNAP_BASE_URL: 'http://127.0.0.1:9', MIDTRANS_API_BASE_URL: 'http://127.0.0.1:9' };
}

describe(`tRPC procedures under fuzz (${procedures.length} procedures, ${RUNS} cases each, seed ${SEED})`, () => {
	it('reads the procedures from the app router', () => {
		expect(procedures.length).toBeGreaterThan(50);
	});

	procedures.forEach(([name, procedure], index) => {
		it(name, async () => {
			const isMutation = procedure._def.type === 'mutation';
			const schema = procedure._def.inputs.length ? procedure._def.inputs[procedure._def.inputs.length - 1] : undefined;
			const generated = fc.sample(caseArbitrary(schema, pool, isMutation), { seed: SEED + index, numRuns: RUNS });
			for (const c of generated) await runCase(name, isMutation, c);
			const mine = findings.filter((f) => f.where.startsWith(`trpc ${name} as `));
			expect(mine, `${name}:\n${summarise(mine)}`).toEqual([]);
		}, 600_000);
	});

	// Last, after every procedure: a fuzzer whose inputs never get past validation or the role
	// check tests nothing but zod. Enough cases must reach a service and succeed there.
	it('reaches the services, not only validation', () => {
		expect(succeeded / cases, `${succeeded} of ${cases} cases succeeded; answers ${JSON.stringify(statuses)}`).toBeGreaterThan(0.05);
	});
});
