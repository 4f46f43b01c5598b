import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium against the built server (scripts/e2e-server.ts), which
 * migrates and seeds its own database. `npm test` sets LUNAS_E2E_DATABASE_URL to a throwaway one.
 */
const port = Number(process.env.LUNAS_E2E_PORT ?? 4173);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Specs of the technician's phone app: run in the phone project only. */
const PHONE_SPECS = /(offline|tech[\w-]*)\.spec\.ts$/;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	// Bounds on a hang, not on speed: the suite must stay green on a busy machine (two CPU
	// burners beside it), where a page can take several seconds to hydrate.
	timeout: 60_000,
	expect: { timeout: 15_000 },
	outputDir: 'test-results/e2e',
	reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: chromium,
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
		}
	},
	projects: [
		{ name: 'office', testIgnore: PHONE_SPECS, use: { ...devices['Desktop Chrome'], viewport: { width: 1366, height: 768 } } },
		// The technician app on a phone-sized screen (a common Android size), touch and mobile UA.
		{ name: 'phone', testMatch: PHONE_SPECS, use: { ...devices['Pixel 7'], viewport: { width: 390, height: 844 } } }
	],
	webServer: {
		command: 'npx tsx scripts/e2e-server.ts',
		url: `http://127.0.0.1:${port}/api/health`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: { PORT: String(port), HOST: '127.0.0.1' }
	}
});
