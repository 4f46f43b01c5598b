/**
 * The page and endpoint fuzzer, against the built server: every route found under src/routes on
 * disk (so a new page or endpoint is covered without anyone remembering), as anonymous,
 * technician, office and admin, with odd paths (`%`, `%c0%af`, `..`, very long, unicode, NUL),
 * odd query strings (calendar edges, huge, ill-formed), odd bodies (text/plain, JSON, form,
 * binary, huge) and odd methods. Requests go over a raw TCP socket, so nothing on our side
 * normalises the path or refuses the bytes before the server sees them.
 *
 * Asserts after each case: no 5xx (a deliberate 503 excepted only from /api/health) and
 * /api/health still answering 200. Seeded (LUNAS_FUZZ_SEED), sized by LUNAS_FUZZ_ROUTE_RUNS
 * (cases per route); writes test-results/fuzz-routes.json for the summary of `npm test`.
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import net from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { demoUser, query } from './helpers';
import { calendarEdge, calendarEdgeStrings, DATE_LIKE_NAME, hostileStrings } from '../fuzz/hostile';
import { describeInput, summarise, writeStageReport, type Finding, type StageReport } from '../fuzz/report';
import type { Role } from '../../src/lib/shared/domain';

const RUNS = Number(process.env.LUNAS_FUZZ_ROUTE_RUNS ?? 16);
const SEED = Number(process.env.LUNAS_FUZZ_SEED ?? 20261207);
const SLOW_MS = 5000;
const port = Number(process.env.LUNAS_E2E_PORT ?? 4173);
const routesDir = path.resolve('src/routes');

interface Route {
	/** `/office/customers/[id]/edit` */
	pattern: string;
	segments: string[];
	/** Query parameter names the route's files read. */
	params: string[];
	methods: string[];
}

const GENERIC_PARAMS = ['next', 'search', 'sort', 'dir', 'cursor', 'pageSize', 'from', 'to', 'period', 'status', 'areaId', 'customerId', 'flagged', 'method', 'days', 'lang', 'v'];

/** Every page and endpoint under src/routes, with the query parameters and methods its files name. */
function discoverRoutes(): Route[] {
	const routes: Route[] = [];
	const walk = (dir: string, segments: string[]) => {
		const files = readdirSync(dir);
		const routeFiles = files.filter((f) => /^\+(page|server|page\.server|layout\.server)\.(ts|js|svelte)$/.test(f) || f === '+page.svelte');
		if (routeFiles.some((f) => f.startsWith('+page') || f.startsWith('+server'))) {
			const source = files.filter((f) => /\.(ts|js|svelte)$/.test(f)).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
			const params = new Set(GENERIC_PARAMS);
			for (const m of source.matchAll(/searchParams\.(?:get|getAll|has)\(\s*'([A-Za-z_]+)'/g)) params.add(m[1]);
			for (const m of source.matchAll(/(?:listParams|Params)\([^[]*\[([^\]]*)\]/g)) for (const n of m[1].matchAll(/'([A-Za-z_]+)'/g)) params.add(n[1]);
			const methods = new Set(['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH']);
			for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|fallback)\b/g)) methods.add(m[1] === 'fallback' ? 'PROPFIND' : m[1]);
			routes.push({ pattern: '/' + segments.join('/'), segments, params: [...params], methods: [...methods] });
		}
		for (const f of files) {
			if (!statSync(path.join(dir, f)).isDirectory()) continue;
			// A (group) folder adds nothing to the URL.
			walk(path.join(dir, f), /^\(.*\)$/.test(f) ? segments : [...segments, f]);
		}
	};
	walk(routesDir, []);
	return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

const routes = discoverRoutes();

/** Raw path pieces a scanner sends; appended to a route or put in place of a parameter. */
const ODD_SEGMENTS = ['%', '%c0%af', '..%c0%af..', '%2e%2e', '..', '.', '%00', '%ZZ', '%%32%65', '%u002e', '%F0%9F%92%B8', '%ED%A0%80', 'ü', '💸', 'x'.repeat(4000), ';', '~', '%2F', '\\..\\', 'index.php', '.env', 'wp-login.php'];
/** Bodies of every shape; the content type is drawn separately so they also arrive mislabelled. */
const BODIES: Array<string | Buffer> = [
	'',
	'x',
	'{}',
	// Never a demo user's name: failed sign-ins would slow down or lock the specs after this one.
	'{"username":"fuzz-nobody","password":"x"}',
	'{"json":{"id":"\\ud800"}}',
	'username=fuzz-nobody&password=x&next=%2F%09%2Fevil.example',
	'lang=en&next=//evil.example',
	'query=C000001',
	'query=%00%ED%A0%80',
	'query=' + 'a'.repeat(70_000),
	'a'.repeat(200_000),
	Buffer.from([0xff, 0xfe, 0x00, 0xc0, 0xaf, 0xed, 0xa0, 0x80]),
	'--b\r\nContent-Disposition: form-data; name="query"\r\n\r\nC000001\r\n--b--\r\n',
	'--b\r\nbroken',
	'{"transaction_status":"settlement","order_id":"x","gross_amount":"1e300","signature_key":"0"}',
	'[' + '1,'.repeat(10_000) + '1]'
];
const CONTENT_TYPES = ['text/plain', 'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=b', 'multipart/form-data', 'application/octet-stream', 'text/plain; charset=utf-16', ''];
const METHODS_EXTRA = ['GET', 'GET', 'GET', 'POST', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'PROPFIND', 'FOO'];
type RoleName = 'anonymous' | Role;
const ROLES: RoleName[] = ['anonymous', 'technician', 'office', 'admin'];

interface RawResponse {
	status: number;
	head: string;
}

/** One HTTP/1.1 request over a socket, bytes exactly as given; status 0 when the server is gone. */
function rawRequest(method: string, target: string, headers: Record<string, string>, body: string | Buffer, timeoutMs = 30_000): Promise<RawResponse> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		const chunks: Buffer[] = [];
		const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
		const head = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
		if (payload.length || method === 'POST' || method === 'PUT' || method === 'PATCH') head.push(`Content-Length: ${payload.length}`);
		socket.setTimeout(timeoutMs, () => {
			socket.destroy();
			resolve({ status: -1, head: 'timed out' });
		});
		socket.on('connect', () => {
			socket.write(Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1'), payload]));
		});
		socket.on('data', (d) => {
			chunks.push(d);
			// The status line and headers are all a case needs.
			if (Buffer.concat(chunks).includes('\r\n\r\n')) socket.destroy();
		});
		const done = () => {
			const text = Buffer.concat(chunks).toString('latin1');
			const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
			resolve({ status, head: text.split('\r\n\r\n')[0].slice(0, 500) });
		};
		socket.on('close', done);
		socket.on('error', () => undefined);
	});
}

async function healthy(): Promise<boolean> {
	for (let attempt = 0; attempt < 3; attempt++) {
		const r = await rawRequest('GET', '/api/health', {}, '', 10_000);
		if (r.status === 200) return true;
		await new Promise((res) => setTimeout(res, 500));
	}
	return false;
}

async function signIn(role: Role): Promise<string> {
	const user = demoUser(role);
	const body = new URLSearchParams({ username: user.username, password: user.password }).toString();
	const r = await rawRequest('POST', '/login', { 'content-type': 'application/x-www-form-urlencoded', origin: `http://127.0.0.1:${port}` }, body);
	const cookie = /set-cookie: (lunas_session=[^;]+)/i.exec(r.head)?.[1];
	if (!cookie) throw new Error(`could not sign in as ${role}: ${r.head.split('\r\n')[0]}`);
	return cookie;
}

/** Values for a route parameter: ids that exist (so pages render), and odd ones. */
async function parameterPool(): Promise<string[]> {
	const ids: string[] = ['revenue', 'ledger', 'arrears', 'collectors', '1'];
	for (const table of ['customers', 'invoices', 'payments', 'routers', 'subscriptions']) {
		const rows = await query<{ id: string }>(`select id from \`${table}\` order by id limit 3`).catch(() => []);
		ids.push(...rows.map((r) => String(r.id)));
	}
	const tokens = await query<{ token: string }>('select pay_token as token from invoices where pay_token is not null limit 2').catch(() => []);
	ids.push(...tokens.map((r) => r.token));
	return ids;
}

interface Case {
	role: RoleName;
	method: string;
	target: string;
	contentType: string;
	body: string | Buffer;
	origin: 'same' | 'none' | 'evil';
}

function encodeQueryValue(value: string): string {
	// Keep odd bytes odd: percent-encode what would break the request line, leave `%` sequences as given.
	return value.replace(/[\s#&\u0000-\u001f\u007f-\uffff]/g, (c) => {
		try {
			return encodeURIComponent(c);
		} catch {
			return '%ED%A0%80'; // a lone surrogate: the ill-formed UTF-8 a careless client would send
		}
	});
}

/**
 * Three kinds of case, a third each: `query` (a staff member GETs the page with odd parameters,
 * date-like ones at calendar edges half of the time — the audit's 500s and frozen servers),
 * `body` (a same-origin POST of an odd body to a real path), and `path` (anything: odd path,
 * method, role, origin). Without the split almost every case would end at a redirect or a 405.
 */
function caseArbitrary(route: Route, pool: string[]): fc.Arbitrary<Case> {
	const poolValue = fc.constantFrom(...pool);
	const paramValue = fc.oneof({ weight: 3, arbitrary: poolValue }, { weight: 2, arbitrary: fc.constantFrom(...ODD_SEGMENTS) }, { weight: 1, arbitrary: fc.uuid() });
	const queryValue = fc.oneof(
		fc.constantFrom(...calendarEdgeStrings.dates, ...calendarEdgeStrings.months, ...calendarEdgeStrings.instants),
		fc.constantFrom(...hostileStrings.filter((s) => s.length < 10_000)),
		fc.constantFrom('/%09/evil.example', '/\\evil.example', '//evil.example', 'http://evil.example', '/office', '%0d%0aSet-Cookie:x=1', 'eyJzIjoieCJ9', '2026-01', '2026-01-31', 'true', 'asc'),
		poolValue
	);
	const dateParams = route.params.filter((n) => DATE_LIKE_NAME.test(n));
	const paramName = fc.oneof(fc.constantFrom(...route.params), fc.constantFrom(...(dateParams.length ? dateParams : route.params)));
	const queryPair = paramName.chain((name) => fc.tuple(fc.constant(name), DATE_LIKE_NAME.test(name) ? fc.oneof(calendarEdge(), queryValue) : queryValue));
	const bodyMethods = route.methods.filter((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
	return fc
		.record({
			strategy: fc.constantFrom('query', 'body', 'path'),
			role: fc.constantFrom(...ROLES),
			staff: fc.constantFrom<RoleName>('technician', 'office', 'admin', 'admin'),
			method: fc.constantFrom(...route.methods, ...METHODS_EXTRA),
			bodyMethod: fc.constantFrom('POST', ...bodyMethods),
			params: fc.array(paramValue, { minLength: 3, maxLength: 3 }),
			realParams: fc.array(poolValue, { minLength: 3, maxLength: 3 }),
			suffix: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.constantFrom(...ODD_SEGMENTS) }),
			queryPairs: fc.array(queryPair, { maxLength: 3 }),
			pageQuery: fc.array(queryPair, { minLength: 1, maxLength: 3 }),
			contentType: fc.constantFrom(...CONTENT_TYPES),
			body: fc.constantFrom(...BODIES),
			origin: fc.constantFrom<Case['origin']>('same', 'same', 'none', 'evil')
		})
		.map((c) => {
			const query = c.strategy === 'query';
			const body = c.strategy === 'body';
			const method = query ? 'GET' : body ? c.bodyMethod : c.method;
			const params = query || body ? c.realParams : c.params;
			let i = 0;
			const segs = route.segments.map((s) => (/^\[\.\.\./.test(s) ? `${params[i++ % 3]}/${params[i++ % 3]}` : /^\[/.test(s) ? params[i++ % 3] : s));
			let target = '/' + segs.join('/');
			if (c.suffix && c.strategy === 'path') target += (target.endsWith('/') ? '' : '/') + c.suffix;
			target = encodeQueryValue(target); // path bytes as given, only what would break the request line encoded
			const pairs = query ? c.pageQuery : c.queryPairs;
			if (pairs.length) target += '?' + pairs.map(([k, v]) => `${k}=${encodeQueryValue(v)}`).join('&');
			const sendsBody = !['GET', 'HEAD', 'OPTIONS', 'TRACE'].includes(method);
			return { role: query ? c.staff : c.role, method, target, contentType: c.contentType, body: sendsBody ? c.body : '', origin: body ? 'same' : c.origin };
		});
}

test.describe.configure({ mode: 'serial' });

test('every page and endpoint survives odd paths, bodies and methods', async () => {
	test.setTimeout(30 * 60_000);
	expect(routes.length).toBeGreaterThan(30);
	const cookies: Partial<Record<RoleName, string>> = {};
	for (const role of ['technician', 'office', 'admin'] as Role[]) cookies[role] = await signIn(role);
	const pool = await parameterPool();
	// A case may switch a user's language (POST /lang): the specs after this one expect Indonesian.
	const languages = await query<{ id: string; language: string }>('select id, language from users');
	const findings: Finding[] = [];
	const slow: StageReport['slow'] = [];
	const statuses: Record<string, number> = {};
	let cases = 0;
	let fiveXx = 0;
	let crashes = 0;
	const started = performance.now();

	try {
		outer: for (const [index, route] of routes.entries()) {
			for (const c of fc.sample(caseArbitrary(route, pool), { seed: SEED + index, numRuns: RUNS })) {
				const where = `route ${c.method} ${route.pattern} as ${c.role}`;
				const input = `${c.method} ${describeInput(c.target, 200)} ${c.contentType || '(no type)'} body ${describeInput(typeof c.body === 'string' ? c.body : `<${c.body.length} binary bytes>`, 120)} origin ${c.origin}`;
				cases += 1;
				const headers: Record<string, string> = {};
				if (c.contentType) headers['content-type'] = c.contentType;
				if (c.origin === 'same') headers.origin = `http://127.0.0.1:${port}`;
				if (c.origin === 'evil') headers.origin = 'http://evil.example';
				if (c.role !== 'anonymous') headers.cookie = cookies[c.role]!;
				const t0 = performance.now();
				const r = await rawRequest(c.method, c.target, headers, c.body);
				const ms = performance.now() - t0;
				statuses[r.status] = (statuses[r.status] ?? 0) + 1;
				// A case that signed us out (POST /logout) would turn the rest of this role's cases anonymous.
				if (c.role !== 'anonymous' && /^set-cookie: lunas_session=;/im.test(r.head)) cookies[c.role] = await signIn(c.role);
				if (ms > SLOW_MS) slow.push({ where, input, ms: Math.round(ms) });
				if (r.status >= 500 || r.status === -1) {
					fiveXx += 1;
					findings.push({ where, error: r.status === -1 ? 'no answer in 30 s' : r.head.split('\r\n')[0], input });
				}
				// A request that froze the server: give it time to come back before calling it dead.
				if (r.status === -1) for (let i = 0; i < 12 && !(await healthy()); i++);
				if (!(await healthy())) {
					crashes += 1;
					findings.push({ where, error: `server down after this request (answer: ${r.head.split('\r\n')[0] || 'none'})`, input });
					break outer; // nothing after this case would tell us anything
				}
			}
		}
	} finally {
		for (const u of languages) await query('update users set language = ? where id = ?', [u.language, u.id]);
	}

	const report: StageReport = { stage: 'routes', seed: SEED, cases, fiveXx, crashes, statuses, slow, seconds: (performance.now() - started) / 1000, findings };
	writeStageReport(report);
	if (findings.length) console.log(`route fuzz findings (seed ${SEED}):\n${summarise(findings)}`);
	console.log(`route fuzz: ${routes.length} routes, ${cases} cases, ${fiveXx} 5xx, ${crashes} crashes, ${slow.length} slow, ${report.seconds.toFixed(1)} s, answers ${JSON.stringify(statuses)}`);
	expect(findings, summarise(findings)).toEqual([]);
	// Cases that only ever meet a redirect or a 405 test nothing behind them: enough must render.
	const rendered = Object.entries(statuses).filter(([s]) => s.startsWith('2')).reduce((a, [, n]) => a + n, 0);
	expect(rendered / cases, `answers ${JSON.stringify(statuses)}`).toBeGreaterThan(0.1);
});
