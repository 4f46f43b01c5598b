/**
 * `npm run demo`: a working Lunas with a believable ISP in it, on a fresh clone.
 * Finds or starts MySQL, migrates, seeds (once), starts the simulated MikroTik routers and fills
 * them from the database (every time: a simulator keeps nothing), builds if needed, serves, and
 * prints the address and the demo sign-ins. Honours PORT and HOST like the built server.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOrStartMysql } from './lib/mysql-server';
import { buildIfStale } from './lib/build-if-stale';
import { waitForHttp } from './lib/wait-for-http';
import { openDatabase } from '../src/lib/server/db/index';
import { ensureDatabase, migrateDatabase } from '../src/lib/server/db/migrate';
import { DEMO_USERS, seedDemo } from '../src/lib/server/demo/seed';
import { startMidtransSimulator } from '../src/lib/server/midtrans-sim/index';
import { DEMO_ROUTERS } from '../src/lib/server/demo/catalogue';
import { startDemoRouters, type DemoRouters } from '../src/lib/server/demo/demo-routers';
import { startWhatsAppSimulator } from '../src/lib/server/whatsapp-sim/index';
import { configureDemoWhatsApp, DEMO_FONNTE_TOKEN } from '../src/lib/server/demo/demo-whatsapp';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Keys the demo's encrypted router and PPPoE passwords depend on: made once, kept in .data/. */
function demoSecrets(): { SESSION_SECRET: string; SECRETS_KEY: string } {
	const file = path.join(projectDir, '.data', 'demo-secrets.json');
	if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
	const secrets = { SESSION_SECRET: randomBytes(32).toString('hex'), SECRETS_KEY: randomBytes(32).toString('hex') };
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
	return secrets;
}

async function main() {
	const port = Number(process.env.PORT ?? 3000);
	const host = process.env.HOST ?? '0.0.0.0';
	const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
	const baseUrl = process.env.PUBLIC_BASE_URL ?? `http://${shownHost}:${port}`;

	const server = await findOrStartMysql(projectDir);
	const databaseUrl = process.env.DATABASE_URL ?? `${server.serverUrl}lunas_demo`;
	console.log(`MySQL: ${server.source}; database ${new URL(databaseUrl).pathname.slice(1)}`);

	const secrets = {
		...demoSecrets(),
		...(process.env.SESSION_SECRET ? { SESSION_SECRET: process.env.SESSION_SECRET } : {}),
		...(process.env.SECRETS_KEY ? { SECRETS_KEY: process.env.SECRETS_KEY } : {})
	};
	const timeZone = process.env.ISP_TIMEZONE ?? 'Asia/Jakarta';

	await ensureDatabase(databaseUrl);
	const handle = openDatabase(databaseUrl, { connectionLimit: 4 });
	let demoRouters: DemoRouters;
	// WhatsApp: a simulated Fonnte device; what it "delivered" is listed at its /_sim page.
	const whatsappSim = await startWhatsAppSimulator({ fonnteToken: DEMO_FONNTE_TOKEN, port: Number(process.env.WHATSAPP_SIM_PORT ?? 0) });
	let whatsappConfigured = false;
	try {
		await migrateDatabase(handle.db, path.join(projectDir, 'drizzle'));
		const started = performance.now();
		const result = await seedDemo(handle.db, { secretsKey: secrets.SECRETS_KEY, timeZone });
		console.log(
			result.seeded
				? `Seeded the demo ISP in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.entries(result.counts)
						.map(([k, v]) => `${v} ${k}`)
						.join(', ')}`
				: 'Demo data already present; not seeding again.'
		);
		demoRouters = await startDemoRouters(handle.db, secrets.SECRETS_KEY);
		whatsappConfigured = await configureDemoWhatsApp(handle.db, secrets.SECRETS_KEY, whatsappSim.url);
		for (const s of demoRouters.skipped) console.log(`Simulated router ${s.name} not started: ${s.reason}`);
	} finally {
		await handle.close();
	}

	buildIfStale(projectDir);

	// Midtrans: the simulator, unless real (sandbox) keys were given in the environment.
	const midtransKey = process.env.MIDTRANS_SERVER_KEY || 'SB-Mid-server-lunas-demo';
	const midtransSim = process.env.MIDTRANS_SERVER_KEY
		? null
		: await startMidtransSimulator({ serverKey: midtransKey, port: Number(process.env.MIDTRANS_SIM_PORT ?? 0), notifyUrl: `${baseUrl}/api/midtrans/notification` });
	const midtransEnv = midtransSim
		? { MIDTRANS_SERVER_KEY: midtransKey, MIDTRANS_CLIENT_KEY: 'SB-Mid-client-lunas-demo', MIDTRANS_SNAP_BASE_URL: midtransSim.url, MIDTRANS_API_BASE_URL: midtransSim.url }
		: {};

	const app = spawn(process.execPath, [path.join(projectDir, 'build', 'index.js')], {
		cwd: projectDir,
		stdio: ['ignore', 'inherit', 'inherit'],
		env: {
			...process.env,
			...secrets,
			DATABASE_URL: databaseUrl,
			PUBLIC_BASE_URL: baseUrl,
			// adapter-node assumes https without ORIGIN, and SvelteKit would refuse http form posts.
			ORIGIN: process.env.ORIGIN ?? baseUrl,
			ISP_TIMEZONE: timeZone,
			PORT: String(port),
			HOST: host,
			LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
			...midtransEnv
		}
	});
	let alive = true;
	const stopAll = async (code: number) => {
		if (alive) app.kill('SIGTERM');
		await demoRouters.close();
		await midtransSim?.close();
		await whatsappSim.close();
		await server.stop();
		process.exit(code);
	};
	app.on('exit', (code) => {
		alive = false;
		void stopAll(code ?? 1);
	});
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
	await waitForHttp(`http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${port}/api/health`, 60_000, () => alive);
	console.log(`\nLunas is running at ${baseUrl}\n\nDemo sign-ins:`);
	for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(11)} ${u.username.padEnd(10)} ${u.password}`);
	console.log('\nSimulated MikroTik routers (RouterOS API, running inside this process):');
	for (const r of demoRouters.routers) {
		const demo = DEMO_ROUTERS.find((d) => d.name === r.name)!;
		const login = demo.legacyLogin ? 'pre-6.43 challenge login' : 'RouterOS 7.18+ replies';
		console.log(`  ${r.name.padEnd(13)} ${`${r.host}:${r.port}`.padEnd(16)} RouterOS ${r.ros} (${login}), user ${demo.username} / ${demo.password}`);
	}
	if (midtransSim) console.log(`\nMidtrans simulator at ${midtransSim.url}: pay links open its payment screen ("Bayar VA", "Bayar QRIS", "Tolak", "Biarkan kedaluwarsa").`);
	console.log(
		whatsappConfigured
			? `\nWhatsApp gateway simulator (Fonnte) at ${whatsappSim.url}: messages the outbox sends are listed at ${whatsappSim.url}/_sim; the office sees them on /office/whatsapp.`
			: `\nWhatsApp gateway simulator at ${whatsappSim.url} (not used: a WhatsApp gateway was configured on the settings page).`
	);
	console.log('\nPress Ctrl+C to stop.');
}

main().catch((err) => {
	console.error(`demo: ${err instanceof Error ? err.message : err}`);
	process.exit(1);
});
