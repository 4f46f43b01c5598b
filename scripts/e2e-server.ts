/**
 * The server Playwright starts: migrates and seeds the e2e database, then runs the built app
 * in this process. Run `vite build` first (npm test does).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/lib/server/db/index';
import { ensureDatabase, migrateDatabase } from '../src/lib/server/db/migrate';
import { seedDemo } from '../src/lib/server/demo/seed';
import { writeSetting } from '../src/lib/server/settings';
import { BACKUP_SCHEDULE_KEY } from '../src/lib/shared/schemas/backup';
import { startDemoRouters } from '../src/lib/server/demo/demo-routers';
import { startMidtransSimulator } from '../src/lib/server/midtrans-sim/index';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const env = {
	DATABASE_URL: process.env.LUNAS_E2E_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/lunas_e2e',
	SESSION_SECRET: 'e2e-session-secret-e2e-session-secret-0000',
	SECRETS_KEY: 'e2e0'.repeat(16),
	PUBLIC_BASE_URL: `http://127.0.0.1:${process.env.PORT ?? 4173}`,
	ISP_TIMEZONE: 'Asia/Jakarta',
	LOG_LEVEL: 'warn',
	// adapter-node assumes https without ORIGIN, and SvelteKit would refuse the http form posts.
	ORIGIN: `http://127.0.0.1:${process.env.PORT ?? 4173}`,
	// /metrics answers only with this token (tests/e2e/operations.spec.ts).
	METRICS_TOKEN: 'e2e-metrics-token-0123456789',
	BACKUP_KEY: 'b4c0'.repeat(16),
	BACKUP_DIR: path.join(projectDir, 'test-results', 'e2e-backups')
};
Object.assign(process.env, env);
// The last run's backups (Playwright may kill this process before it can tidy up).
rmSync(env.BACKUP_DIR, { recursive: true, force: true });

await ensureDatabase(env.DATABASE_URL);
const handle = openDatabase(env.DATABASE_URL, { connectionLimit: 2 });
await migrateDatabase(handle.db, path.join(projectDir, 'drizzle'));
await seedDemo(handle.db, { secretsKey: env.SECRETS_KEY, timeZone: env.ISP_TIMEZONE, customers: 40 });
// No scheduled backup: its run would appear at a time of day the specs cannot predict. The
// operations spec starts one by hand.
await writeSetting(handle.db, BACKUP_SCHEDULE_KEY, { enabled: false, at: '02:30' }, null);
// The demo's routers, simulated in this process on free ports (their rows are pointed there),
// so isolation and restore jobs run against a real RouterOS API.
const demoRouters = await startDemoRouters(handle.db, env.SECRETS_KEY, { anyPort: true });
await handle.close();

// Midtrans: the simulator on a free port, sending its notifications to this server.
const midtransKey = 'SB-Mid-server-e2e';
const midtrans = await startMidtransSimulator({ serverKey: midtransKey, notifyUrl: `${env.PUBLIC_BASE_URL}/api/midtrans/notification` });
Object.assign(process.env, {
	MIDTRANS_SERVER_KEY: midtransKey,
	MIDTRANS_CLIENT_KEY: 'SB-Mid-client-e2e',
	MIDTRANS_SNAP_BASE_URL: midtrans.url,
	MIDTRANS_API_BASE_URL: midtrans.url
});
// adapter-node shuts its server down on these; the simulators must go too or the process lingers.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.once(signal, () => {
		void midtrans.close();
		void demoRouters.close();
	});
}

await import(path.join(projectDir, process.env.LUNAS_BUILD_DIR ?? 'build', 'index.js'));
