/**
 * Fidelity: Debian's python3-librouteros (an implementation we did not write) logs in and edits
 * /ppp/secret through the simulator, queries with `where` (sent as `?=name=x`), unsets a property
 * and keeps /ip/pool. Missing python3-librouteros is a failure, not a skip — CI
 * installs it (.ci/run).
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouterOsSimulator, type RouterOsSimulator } from './simulator';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../../../tests/fidelity/librouteros_check.py', import.meta.url));

function librouterosProblem(): string | null {
	try {
		execFileSync(PYTHON, ['-c', 'import librouteros'], { stdio: 'pipe' });
		return null;
	} catch (err) {
		return `${PYTHON} cannot import librouteros (${String(err).split('\n')[0]}); install Debian's python3-librouteros (apt-get install python3-librouteros) — .ci/run does this`;
	}
}

function runCheck(sim: RouterOsSimulator, method: 'plain' | 'token'): Promise<Record<string, unknown>> {
	return new Promise((resolve, reject) => {
		execFile(
			PYTHON,
			[SCRIPT, sim.host, String(sim.port), 'admin', 'secret', method],
			{ timeout: 20_000 },
			(err, stdout, stderr) => {
				if (err) reject(new Error(`librouteros check failed: ${err.message}\n${stderr}`));
				else resolve(JSON.parse(stdout) as Record<string, unknown>);
			}
		);
	});
}

describe('python3-librouteros against the simulator', () => {
	beforeAll(() => {
		const problem = librouterosProblem();
		if (problem) throw new Error(problem);
	});

	const sims: RouterOsSimulator[] = [];
	afterAll(async () => {
		for (const s of sims) await s.close();
	});

	const cases = [
		{ ros: 6 as const, legacyLogin: true, method: 'token' as const },
		{ ros: 6 as const, legacyLogin: false, method: 'plain' as const },
		{ ros: 7 as const, legacyLogin: false, method: 'plain' as const },
		{ ros: 7 as const, legacyLogin: true, method: 'token' as const }
	];
	for (const c of cases) {
		it(`ros ${c.ros}, ${c.method} login: lists, adds, sets and removes secrets`, async () => {
			const sim = await startRouterOsSimulator({
				port: 0,
				user: 'admin',
				password: 'secret',
				ros: c.ros,
				legacyLogin: c.legacyLogin,
				identity: 'RW-fidelity'
			});
			sims.push(sim);
			sim.state.menu('/ppp/profile').add({ name: 'isolir' });
			sim.state.menu('/ppp/secret').add({ name: 'existing', password: 'x', comment: 'Pak Budi — RT 03' });

			const out = await runCheck(sim, c.method);
			expect(out.login).toBe(c.method);
			expect(out.before).toEqual([expect.objectContaining({ '.id': '*1', name: 'existing', disabled: false, comment: 'Pak Budi — RT 03' })]);
			expect(out.added_id).toBe('*2');
			expect(out.after_set).toEqual([
				expect.objectContaining({ name: 'existing' }),
				expect.objectContaining({
					'.id': '*2',
					name: 'lunas-fidelity',
					profile: 'isolir',
					// librouteros maps both `yes` (v6) and `true` (v7) to True.
					disabled: true,
					comment: 'Bu Sri - RT 04'
				})
			]);
			expect(out.after_remove).toEqual([expect.objectContaining({ name: 'existing' })]);
			expect(out.identity).toEqual([{ name: 'RW-fidelity' }]);
			expect(String(out.duplicate_trap)).toContain('secret with the same name already exists');
			expect(out.where_existing).toEqual([{ '.id': '*1', name: 'existing' }]);
			expect(out.where_not_existing).toEqual([{ name: 'lunas-fidelity-dup' }]);
			expect(out.static_before).toEqual([{ 'remote-address': '10.99.0.7' }]);
			expect(out.static_after).toEqual([{ name: 'lunas-static' }]);
			expect(out.pools).toEqual([{ '.id': '*1', name: 'pppoe-pool', ranges: '10.20.0.2-10.20.0.254,10.21.0.0/24', 'next-pool': 'none' }]);
			expect(String(out.pool_trap)).toContain('ranges');
			expect(out.pools_after_remove).toEqual([]);
			// The writes really reached the simulator's state.
			expect(sim.state.menu('/ppp/secret').find('lunas-fidelity-dup')).toBeDefined();
		});
	}

	it('reports a plain login against a pre-6.43 router the way librouteros expects', async () => {
		// An old router answers a plain login with a challenge; librouteros' plain method then treats
		// the `!done` as success, so the next command must be refused with `not logged in`.
		const sim = await startRouterOsSimulator({ port: 0, user: 'admin', password: 'secret', ros: 6, legacyLogin: true });
		sims.push(sim);
		await expect(runCheck(sim, 'plain')).rejects.toThrow(/not logged in/);
	});
});
