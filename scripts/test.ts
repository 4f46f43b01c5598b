/**
 * `npm test`: type check, Vitest (unit + integration on a real MariaDB, throwaway databases),
 * then Playwright in Debian's Chromium against the built server. Every database this run
 * creates shares one prefix and is dropped at the end, pass or fail.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { findOrStartMysql } from './lib/mysql-server';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(projectDir, 'test-results');

interface Stage {
	name: string;
	ok: boolean;
	passed: number;
	failed: number;
	seconds: number;
}
const stages: Stage[] = [];
/** Failed tests by name, repeated under the summary: CI shows only the tail of a long log. */
const failures: string[] = [];

function run(name: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
	console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
	const started = performance.now();
	const result = spawnSync(command, args, { cwd: projectDir, stdio: 'inherit', env: { ...process.env, ...env } });
	const ok = result.status === 0;
	stages.push({ name, ok, passed: 0, failed: ok ? 0 : 1, seconds: (performance.now() - started) / 1000 });
	return ok;
}

function countVitest(file: string, stage: Stage) {
	if (!existsSync(file)) return;
	const report = JSON.parse(readFileSync(file, 'utf8')) as {
		numPassedTests: number;
		numFailedTests: number;
		testResults: Array<{ name: string; assertionResults: Array<{ status: string; fullName: string; failureMessages?: string[] }> }>;
	};
	for (const file of report.testResults) {
		for (const test of file.assertionResults) {
			if (test.status !== 'failed') continue;
			const first = (test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 200);
			failures.push(`vitest ${path.relative(projectDir, file.name)} › ${test.fullName}: ${first}`);
		}
	}
	stage.passed = report.numPassedTests;
	stage.failed = report.numFailedTests + (stage.ok ? 0 : report.numFailedTests === 0 ? 1 : 0);
}

interface PlaywrightSuite {
	title: string;
	suites?: PlaywrightSuite[];
	specs?: Array<{ title: string; file: string; tests: Array<{ status: string; projectName: string }> }>;
}

function unexpectedTests(suites: PlaywrightSuite[]): string[] {
	return suites.flatMap((suite) => [
		...(suite.specs ?? []).flatMap((spec) =>
			spec.tests.filter((t) => t.status === 'unexpected').map((t) => `[${t.projectName}] ${spec.file} › ${spec.title}`)
		),
		...unexpectedTests(suite.suites ?? [])
	]);
}

function countPlaywright(file: string, stage: Stage) {
	if (!existsSync(file)) return;
	const report = JSON.parse(readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number }; suites?: PlaywrightSuite[] };
	for (const title of unexpectedTests(report.suites ?? [])) failures.push(`playwright ${title}`);
	stage.passed = report.stats.expected + report.stats.flaky;
	stage.failed = report.stats.unexpected + (stage.ok ? 0 : report.stats.unexpected === 0 ? 1 : 0);
}

/** The fuzz stages (tests/fuzz, tests/e2e/fuzz-routes) leave test-results/fuzz-<stage>.json behind. */
function printFuzzSummary() {
	const files = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => /^fuzz-.+\.json$/.test(f)) : [];
	if (!files.length) return;
	let cases = 0;
	let fiveXx = 0;
	let crashes = 0;
	const parts: string[] = [];
	for (const file of files.sort()) {
		const r = JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8')) as {
			stage: string;
			cases: number;
			fiveXx: number;
			crashes: number;
			seconds: number;
		};
		cases += r.cases;
		fiveXx += r.fiveXx;
		crashes += r.crashes;
		parts.push(`${r.stage} ${r.cases} in ${r.seconds.toFixed(0)} s`);
	}
	console.log(`fuzz: ${cases} cases, ${fiveXx} 5xx, ${crashes} crashes (${parts.join(', ')})`);
}

async function dropDatabases(serverUrl: string, prefix: string) {
	const conn = await mysql.createConnection({ uri: serverUrl });
	const [rows] = await conn.query('SHOW DATABASES');
	for (const row of rows as Array<Record<string, string>>) {
		const name = Object.values(row)[0];
		if (name.startsWith(prefix)) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
	}
	await conn.end();
}

async function main() {
	rmSync(resultsDir, { recursive: true, force: true });
	mkdirSync(resultsDir, { recursive: true });
	const server = await findOrStartMysql(projectDir);
	const prefix = `lunas_test_${Date.now().toString(36)}_${process.pid}`;
	console.log(`MySQL: ${server.source}; throwaway databases ${prefix}_*`);
	const dbEnv = { LUNAS_TEST_MYSQL_URL: server.serverUrl, LUNAS_TEST_DB_PREFIX: prefix };

	try {
		run('type check', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']);
		stages.at(-1)!.passed = stages.at(-1)!.ok ? 1 : 0;

		const vitestJson = path.join(resultsDir, 'vitest.json');
		run('unit and integration (Vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], dbEnv);
		countVitest(vitestJson, stages.at(-1)!);

		if (run('build', 'npx', ['vite', 'build', '--logLevel', 'warn'])) {
			stages.at(-1)!.passed = 1;
			const playwrightJson = path.join(resultsDir, 'playwright.json');
			run('end-to-end (Playwright, Chromium)', 'npx', ['playwright', 'test'], {
				...dbEnv,
				LUNAS_E2E_DATABASE_URL: `${server.serverUrl}${prefix}_e2e`,
				PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson
			});
			countPlaywright(playwrightJson, stages.at(-1)!);
		}
	} finally {
		await dropDatabases(server.serverUrl, prefix).catch((err) => console.error(`could not drop test databases: ${err.message}`));
		await server.stop();
	}

	console.log('\n=== Summary');
	for (const s of stages) {
		console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name.padEnd(36)} ${String(s.passed).padStart(4)} passed ${String(s.failed).padStart(3)} failed  ${s.seconds.toFixed(1)} s`);
	}
	for (const failure of failures) console.log(`  failed: ${failure}`);
	printFuzzSummary();
	const passed = stages.reduce((n, s) => n + s.passed, 0);
	const failed = stages.reduce((n, s) => n + s.failed, 0);
	console.log(`Summary: ${passed} passed, ${failed} failed`);
	process.exit(stages.every((s) => s.ok) ? 0 : 1);
}

main().catch((err) => {
	console.error(`test: ${err instanceof Error ? err.stack : err}`);
	process.exit(1);
});
