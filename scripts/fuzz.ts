/**
 * `npm run fuzz`: the long fuzz run, beside the seeded sample `npm test` runs. The procedure
 * fuzzer (Vitest) and the route fuzzer (Playwright, against the built server) with many more cases
 * each and a seed of the clock unless LUNAS_FUZZ_SEED is set, so every long run tries new inputs.
 *
 *   LUNAS_FUZZ_RUNS        cases per tRPC procedure (default 200)
 *   LUNAS_FUZZ_ROUTE_RUNS  cases per route (default 300)
 *   LUNAS_FUZZ_SEED        the seed (printed, so a finding can be replayed with it)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { findOrStartMysql } from './lib/mysql-server';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seed = process.env.LUNAS_FUZZ_SEED ?? String(Date.now() % 2_147_483_647);

function run(command: string, args: string[], env: Record<string, string>): boolean {
	console.log(`\n=== ${command} ${args.join(' ')}`);
	return spawnSync(command, args, { cwd: projectDir, stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;
}

async function main() {
	const server = await findOrStartMysql(projectDir);
	const prefix = `lunas_fuzz_${Date.now().toString(36)}`;
	const env = {
		LUNAS_TEST_MYSQL_URL: server.serverUrl,
		LUNAS_TEST_DB_PREFIX: prefix,
		LUNAS_FUZZ_SEED: seed,
		LUNAS_FUZZ_RUNS: process.env.LUNAS_FUZZ_RUNS ?? '200',
		LUNAS_FUZZ_ROUTE_RUNS: process.env.LUNAS_FUZZ_ROUTE_RUNS ?? '300'
	};
	console.log(`fuzz seed ${seed}`);
	for (const stage of ['trpc', 'routes']) rmSync(path.join(projectDir, 'test-results', `fuzz-${stage}.json`), { force: true });
	let ok = false;
	try {
		const trpcOk = run('npx', ['vitest', 'run', 'tests/fuzz'], env);
		const built = run('npx', ['vite', 'build', '--logLevel', 'warn'], env);
		const routesOk = built && run('npx', ['playwright', 'test', 'tests/e2e/fuzz-routes.spec.ts'], { ...env, LUNAS_E2E_DATABASE_URL: `${server.serverUrl}${prefix}_e2e` });
		ok = trpcOk && routesOk;
	} finally {
		const conn = await mysql.createConnection({ uri: server.serverUrl });
		const [rows] = await conn.query('SHOW DATABASES');
		for (const row of rows as Array<Record<string, string>>) {
			const name = Object.values(row)[0];
			if (name.startsWith(prefix)) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
		}
		await conn.end();
		await server.stop();
	}
	for (const stage of ['trpc', 'routes']) {
		const file = path.join(projectDir, 'test-results', `fuzz-${stage}.json`);
		if (!existsSync(file)) continue;
		const r = JSON.parse(readFileSync(file, 'utf8')) as { cases: number; fiveXx: number; crashes: number; seconds: number; findings: unknown[] };
		console.log(`fuzz ${stage}: ${r.cases} cases, ${r.fiveXx} 5xx, ${r.crashes} crashes, ${r.findings.length} findings, ${r.seconds.toFixed(0)} s (seed ${seed})`);
	}
	process.exit(ok ? 0 : 1);
}

main().catch((err) => {
	console.error(`fuzz: ${err instanceof Error ? err.stack : err}`);
	process.exit(1);
});
