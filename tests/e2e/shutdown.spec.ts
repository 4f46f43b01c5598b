import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * `systemctl stop` sends SIGTERM: a second Lunas on the e2e database, with its scheduler, router
 * monitor and job worker connected to the simulated routers, must stop by itself, not wait to be
 * killed with a billing run or router job cut short.
 */
async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

test('the server stops by itself on SIGTERM once its loops, router connections and database pool are closed', async () => {
	test.setTimeout(60_000);
	const port = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const app = spawn(process.execPath, [path.resolve(process.env.LUNAS_BUILD_DIR ?? 'build', 'index.js')], {
		env: {
			...process.env,
			DATABASE_URL: process.env.LUNAS_E2E_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/lunas_e2e',
			// The e2e server's secrets, so this instance can log in to the same simulated routers.
			SESSION_SECRET: 'e2e-session-secret-e2e-session-secret-0000',
			SECRETS_KEY: 'e2e0'.repeat(16),
			PUBLIC_BASE_URL: baseUrl,
			ORIGIN: baseUrl,
			ISP_TIMEZONE: 'Asia/Jakarta',
			PORT: String(port),
			HOST: '127.0.0.1',
			LOG_LEVEL: 'info',
			ROUTER_MONITOR_INTERVAL_SECONDS: '5'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	app.stdout.on('data', (chunk) => (output += chunk));
	app.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => app.on('exit', (code) => resolve(code)));
	try {
		await expect
			.poll(async () => (await fetch(`${baseUrl}/api/health`).catch(() => null))?.status ?? 0, { timeout: 30_000 })
			.toBe(200);
		// Every loop has started (the monitor's first round opens the router connections at once).
		await expect.poll(() => output, { timeout: 30_000 }).toMatch(/lunas started/);
		app.kill('SIGTERM');
		expect(await exited).toBe(0);
		expect(output).toMatch(/lunas stopped/);
		expect(output).not.toMatch(/shutdown did not finish cleanly/);
	} finally {
		if (app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
	}
});
