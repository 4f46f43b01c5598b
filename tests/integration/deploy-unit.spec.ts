/**
 * deploy/lunas.service as systemd reads it: `systemd-analyze verify` on the unit rendered the way
 * scripts/install.sh renders it (checkout path and node binary substituted), and the hardening
 * scored by `systemd-analyze security --offline`. systemd-analyze warns on stderr and still exits 0
 * for an unknown key or an unparsable value, so any output at all is a failure here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => spawnSync(p, ['--version']).status === 0);
const dir = mkdtempSync(path.join(tmpdir(), 'lunas-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The unit as install.sh writes it to /etc/systemd/system, here for this checkout and this node. */
function renderUnit(edit: (text: string) => string = (t) => t): string {
	const text = readFileSync(path.join(projectDir, 'deploy/lunas.service'), 'utf8')
		.replaceAll('/opt/lunas', projectDir)
		.replaceAll('/usr/bin/node', process.execPath);
	const file = path.join(dir, 'lunas.service');
	writeFileSync(file, edit(text));
	return file;
}

function run(args: string[]) {
	const r = spawnSync(analyze!, args, { encoding: 'utf8', env: { ...process.env, SYSTEMD_COLORS: '0', SYSTEMD_PAGER: '' } });
	return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

// systemd-analyze comes with Debian's `systemd` package, on every machine this project runs on;
// a machine without it cannot check the unit, and says so instead of passing silently.
describe.skipIf(!analyze)('deploy/lunas.service (systemd-analyze absent: apt-get install systemd)', () => {
	it('passes systemd-analyze verify with nothing to say', () => {
		expect(run(['verify', renderUnit()])).toEqual({ status: 0, output: '' });
	});

	it('would be caught: a misspelt option and a missing binary both speak up', () => {
		const typo = run(['verify', renderUnit((t) => t.replace('ProtectSystem=strict', 'ProtectSytem=strict'))]);
		expect(typo.output).toContain("Unknown key 'ProtectSytem'");
		const binary = run(['verify', renderUnit((t) => t.replace(process.execPath, '/nonexistent/node'))]);
		expect(binary.status).not.toBe(0);
		expect(binary.output).toContain('/nonexistent/node');
	});

	it('is hardened: systemd rates its exposure "OK" (below 2.0 of 10)', () => {
		// --threshold is the exposure times ten; above it the command fails.
		const file = renderUnit();
		const scored = run(['security', '--offline=yes', '--no-pager', '--threshold=19', file]);
		const exposure = Number(/Overall exposure level for lunas\.service: ([\d.]+)/.exec(scored.output)?.[1]);
		expect(exposure).toBeLessThan(2);
		expect(scored.status).toBe(0);
	});
});
