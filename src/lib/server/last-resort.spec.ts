import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

/** Runs a small program in a real Node process: only a separate process can show it survives. */
function run(install: boolean) {
	const program = `
		import { installLastResortHandlers } from ${JSON.stringify(path.join(here, 'last-resort.ts'))};
		${install ? 'installLastResortHandlers();' : ''}
		Promise.reject(new Error('a rejection nobody handles'));
		setTimeout(() => { throw new Error('an exception nobody catches'); }, 10);
		setTimeout(() => { console.log('still alive'); }, 100);
	`;
	return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], { cwd: root, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' }, timeout: 30_000 });
}

describe('last-resort handlers', () => {
	it('log an unhandled rejection and an uncaught exception and keep the process running', () => {
		const result = run(true);
		expect(result.stdout).toContain('still alive');
		expect(result.stdout).toContain('unhandled rejection (kept running)');
		expect(result.stdout).toContain('uncaught exception (kept running)');
		expect(result.status).toBe(0);
	});

	it('are what keeps it alive: without them Node ends the process', () => {
		const result = run(false);
		expect(result.stdout).not.toContain('still alive');
		expect(result.status).not.toBe(0);
	});
});
