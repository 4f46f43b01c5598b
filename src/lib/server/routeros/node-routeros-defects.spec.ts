/**
 * The unrepaired node-routeros 1.6.9, run in a child process against the simulator, fails in the
 * ways DESIGN §5 lists. This keeps the fixes honest: if an upgrade changes the library, these
 * tests say which repair may no longer be needed (or no longer fits).
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startRouterOsSimulator, type RouterOsSimulator, type SimulatorOptions } from '../routeros-sim/index';

const sims: RouterOsSimulator[] = [];
afterEach(async () => {
	for (const s of sims.splice(0)) await s.close();
});

async function sim(options: Partial<SimulatorOptions> = {}): Promise<RouterOsSimulator> {
	const s = await startRouterOsSimulator({ user: 'admin', password: 'secret', port: 0, ...options });
	sims.push(s);
	return s;
}

/** Runs `body` with `api` connected to the simulator, using the library exactly as published. */
function runUnpatched(
	port: number,
	body: string,
	timeoutSec = 2,
	onOutput: (out: string) => void = () => {},
	limitMs = 8000
): Promise<{ code: number | null; out: string; killed: boolean }> {
	const script = `
		const { RouterOSAPI } = require('node-routeros');
		const api = new RouterOSAPI({ host: '127.0.0.1', port: ${port}, user: 'admin', password: 'secret', timeout: ${timeoutSec} });
		api.connect().then(async () => { ${body} }).catch((e) => { console.log('REJECTED', e && e.message); process.exit(3); });
	`;
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd() });
		let out = '';
		child.stdout.on('data', (d) => {
			out += d;
			onOutput(out);
		});
		child.stderr.on('data', (d) => (out += d));
		let killed = false;
		const timer = setTimeout(() => {
			killed = true;
			child.kill('SIGKILL');
		}, limitMs);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, out, killed });
		});
	});
}

describe('node-routeros 1.6.9 as published', () => {
	it('dies on the !empty reply of RouterOS 7.18+', async () => {
		const s = await sim({ ros: 7, emptyReply: true });
		const r = await runUnpatched(s.port, `await api.write('/ppp/secret/print', ['?name=nobody']); console.log('SURVIVED'); process.exit(0);`);
		expect(r.out).toContain('UNKNOWNREPLY');
		expect(r.out).not.toContain('SURVIVED');
		expect(r.code).not.toBe(0);
	});

	it('dies when the socket times out after connecting and nobody listens for "error"', async () => {
		const s = await sim();
		const r = await runUnpatched(s.port, `setTimeout(() => { console.log('SURVIVED'); process.exit(0); }, 3000);`, 1);
		expect(r.out).not.toContain('SURVIVED');
		expect(r.code).not.toBe(0);
	});

	it('never settles a command to a router that stops answering mid-session', async () => {
		const s = await sim();
		const r = await runUnpatched(
			s.port,
			`console.log('CONNECTED');
			 await new Promise((r) => setTimeout(r, 300));
			 const t = setTimeout(() => { console.log('STILL WAITING'); process.exit(0); }, 4000);
			 await api.write('/system/identity/print').then(() => console.log('ANSWERED'), (e) => console.log('FAILED', e.message));
			 clearTimeout(t); process.exit(0);`,
			1,
			// Logged in: now the router hangs.
			(out) => out.includes('CONNECTED') && s.setFault({ stall: true })
		);
		// The pending command neither answers nor fails: the process hangs or dies around it.
		expect(r.out).not.toMatch(/ANSWERED|FAILED/);
		expect(r.out).toMatch(/STILL WAITING|Error/);
	});

	it('loses the trap category and writes non-Windows-1252 text as "?"', async () => {
		const s = await sim({ trapOn: { command: '/ppp/secret/set', message: 'failure: busy', category: 4 } });
		const r = await runUnpatched(
			s.port,
			`await api.write('/ppp/secret/add', ['=name=kopi', '=password=p', '=comment=Warung ☕']);
			 await api.write('/ppp/secret/set', ['=.id=*1', '=disabled=yes']).catch((e) => console.log('TRAP', JSON.stringify({ message: e.message, category: e.category })));
			 process.exit(0);`
		);
		expect(r.out).toContain('TRAP {"message":"failure: busy"}');
		expect(s.state.menu('/ppp/secret').list()[0].props.comment).toBe('Warung ?');
	});
});
