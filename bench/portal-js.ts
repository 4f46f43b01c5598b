/**
 * JavaScript each customer-portal page ships, against the pay page (the 10 KB budget's origin)
 * and the office sign-in page (a hydrated app page) measured in the same run.
 *
 *   npx tsx bench/portal-js.ts [--skip-build] [--port 4413]
 *
 * Builds the app (unless --skip-build), starts the e2e server (migrated, seeded, simulated
 * routers and Midtrans) on a throwaway database, signs a customer in with a PIN, and for each
 * page sums what a browser would run: inline <script> bodies plus every script and
 * modulepreload it links (fetched, byte-counted). Bytes are deterministic: one reading per page.
 */
import { spawn, execFileSync } from 'node:child_process';
import mysql from 'mysql2/promise';
import { projectDir } from './lib';
import { hashPassword } from '../src/lib/server/auth/password';

const args = process.argv.slice(2);
const port = Number(args.includes('--port') ? args[args.indexOf('--port') + 1] : 4413);
const base = `http://127.0.0.1:${port}`;
const BUDGET = 10 * 1024;
const dbName = `lunas_bench_portal_${Date.now().toString(36)}`;
const serverUrl = 'mysql://root@127.0.0.1:3306/';

if (!args.includes('--skip-build')) {
	console.log('building…');
	execFileSync('npx', ['vite', 'build'], { cwd: projectDir, stdio: 'ignore' });
}

const server = spawn('npx', ['tsx', 'scripts/e2e-server.ts'], {
	cwd: projectDir,
	env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LUNAS_E2E_DATABASE_URL: `${serverUrl}${dbName}` },
	stdio: ['ignore', 'ignore', 'inherit'],
	detached: true
});

async function waitForHealth(): Promise<void> {
	for (let i = 0; i < 240; i++) {
		try {
			if ((await fetch(`${base}/api/health`)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error('the server did not start');
}

/** Bytes of JavaScript the page runs: inline scripts and every linked script or module preload. */
async function jsBytes(path: string, cookie: string | null): Promise<number> {
	const res = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
	if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
	const html = await res.text();
	let total = 0;
	for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
		const attrs = m[1];
		if (/type="application\/(ld\+)?json"/i.test(attrs)) continue;
		const src = /\bsrc="([^"]+)"/i.exec(attrs)?.[1];
		total += src ? (await (await fetch(new URL(src, `${base}${path}`))).arrayBuffer()).byteLength : Buffer.byteLength(m[2]);
	}
	for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/gi)) {
		total += (await (await fetch(new URL(m[1], `${base}${path}`))).arrayBuffer()).byteLength;
	}
	// Module scripts import the app's entry chunks by URL: count those the inline bootstrap names.
	for (const m of html.matchAll(/import\("([^"]+\.js)"\)/g)) total += (await (await fetch(new URL(m[1], `${base}${path}`))).arrayBuffer()).byteLength;
	return total;
}

try {
	await waitForHealth();
	const conn = await mysql.createConnection({ uri: `${serverUrl}${dbName}` });
	const [[c]] = (await conn.query(
		`SELECT c.id, c.code, i.pay_token AS token, (SELECT p.id FROM payments p WHERE p.customer_id = c.id AND p.receipt_number IS NOT NULL AND p.amount > 0 LIMIT 1) AS payment
		 FROM customers c JOIN invoices i ON i.customer_id = c.id AND i.status IN ('unpaid','partial')
		 WHERE EXISTS (SELECT 1 FROM payments p WHERE p.customer_id = c.id AND p.receipt_number IS NOT NULL AND p.amount > 0) LIMIT 1`
	)) as unknown as [Array<{ id: string; code: string; token: string; payment: string }>];
	await conn.query('UPDATE customers SET portal_pin_hash = ? WHERE id = ?', [await hashPassword('246810'), c.id]);
	await conn.end();

	const signIn = await fetch(`${base}/pelanggan?/pin`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
		body: new URLSearchParams({ customerCode: c.code, pin: '246810' }),
		redirect: 'manual'
	});
	const cookie = /lunas_portal=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')?.[0];
	if (!cookie) throw new Error(`PIN sign-in failed (${signIn.status})`);

	const pay = await jsBytes(`/pay/${c.token}`, null);
	const login = await jsBytes('/login', null);
	const pages: Array<[string, string | null]> = [
		['/pelanggan', null],
		['/pelanggan', cookie],
		['/pelanggan/sandi', cookie],
		['/pelanggan/lapor', cookie],
		[`/pelanggan/kuitansi/${c.payment}`, cookie]
	];
	console.log(`baseline /pay/<token>: ${pay} B; /login (hydrated app page): ${login} B; budget ${BUDGET} B`);
	console.log('page'.padEnd(34), 'JS bytes'.padStart(9), 'vs pay'.padStart(8), 'vs login'.padStart(9), ' within 10 KB');
	let over = 0;
	for (const [path, jar] of pages) {
		const bytes = await jsBytes(path, jar);
		if (bytes > BUDGET) over += 1;
		const label = `${path.replace(c.payment, '<id>')}${jar ? '' : ' (signed out)'}`;
		const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? '1.00' : '∞') : (a / b).toFixed(2));
		console.log(label.padEnd(34), String(bytes).padStart(9), ratio(bytes, pay).padStart(8), ratio(bytes, login).padStart(9), bytes <= BUDGET ? ' yes' : ' NO');
	}
	process.exitCode = over ? 1 : 0;
} finally {
	try {
		process.kill(-server.pid!, 'SIGTERM');
	} catch {
		/* already gone */
	}
	await new Promise((r) => setTimeout(r, 1500));
	const admin = await mysql.createConnection({ uri: serverUrl });
	await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
	await admin.end();
}
