import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startRouterOsSimulator, type RouterOsSimulator, type SimulatorOptions } from '../routeros-sim/index';
import { connectRouter } from './client';
import { RouterError, type RouterClient } from './types';
import { encodeLength, encodeSentence, SentenceDecoder } from './wire';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const f of cleanup.splice(0).reverse()) await f();
});

async function sim(options: Partial<SimulatorOptions> = {}): Promise<RouterOsSimulator> {
	const s = await startRouterOsSimulator({ user: 'admin', password: 'secret', port: 0, ...options });
	cleanup.push(() => s.close());
	return s;
}

async function connect(s: { host?: string; port: number; tls?: boolean }, password = 'secret', commandTimeoutMs = 2000): Promise<RouterClient> {
	const c = await connectRouter(
		{ host: s.host ?? '127.0.0.1', port: s.port, tls: s.tls ?? false, username: 'admin', password },
		{ commandTimeoutMs, connectTimeoutMs: 2000 }
	);
	cleanup.push(() => c.close());
	return c;
}

async function rejection(p: Promise<unknown>): Promise<RouterError> {
	const err = await p.then(
		() => null,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(RouterError);
	return err as RouterError;
}

/** A fake "router" that answers whatever bytes `reply` returns, to feed the client garbage. */
async function rawServer(reply: (words: string[]) => Buffer | null): Promise<{ port: number }> {
	const server: Server = createServer((socket) => {
		const decoder = new SentenceDecoder();
		socket.on('error', () => {});
		socket.on('data', (chunk) => {
			for (const words of decoder.push(chunk)) {
				const out = reply(words);
				if (out) socket.write(out);
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	// close() waits for open sockets; cleanup closes the client under test first (reverse order).
	cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
	return { port: (server.address() as AddressInfo).port };
}

const tagOf = (words: string[]) => words.find((w) => w.startsWith('.tag='));

describe('login', () => {
	it('logs in to RouterOS 7 with the plain login', async () => {
		const s = await sim({ ros: 7 });
		const c = await connect(s);
		expect((await c.print('/system/identity'))[0].name).toBe('MikroTik');
	});

	it('logs in to RouterOS 6 with the pre-6.43 challenge login', async () => {
		const s = await sim({ ros: 6, legacyLogin: true });
		const c = await connect(s);
		expect((await c.print('/system/resource'))[0].version).toMatch(/^6\./);
	});

	it('reports a wrong password as a login error', async () => {
		const s = await sim();
		const err = await rejection(connect(s, 'wrong'));
		expect(err.kind).toBe('login');
	});

	it('reports an unreachable router as a connect error', async () => {
		const s = await sim();
		const port = s.port;
		await s.close();
		const err = await rejection(connect({ port }));
		expect(err.kind).toBe('connect');
		expect(err.message).toContain(String(port));
	});

	it('gives up on a router that accepts the connection but never answers the login', async () => {
		const s = await sim({ stall: true });
		const started = Date.now();
		const err = await rejection(connect(s));
		expect(err.kind).toBe('timeout');
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('speaks API-SSL', async () => {
		const s = await sim({ tls: true });
		const c = await connect({ port: s.port, tls: true });
		expect(await c.print('/system/identity')).toHaveLength(1);
	});
});

describe('node-routeros defects, fixed', () => {
	it('!empty from RouterOS 7.18+ is an empty result, not an uncaught UNKNOWNREPLY', async () => {
		const s = await sim({ ros: 7, emptyReply: true });
		const c = await connect(s);
		expect(await c.print('/ppp/secret', { where: { name: 'nobody' } })).toEqual([]);
		// The connection is still good afterwards.
		expect(await c.print('/system/identity')).toHaveLength(1);
	});

	it('a trap keeps its category and leaves the connection usable', async () => {
		const s = await sim({ trapOn: { command: '/ppp/secret/add', message: 'failure: already have such name', category: 3 } });
		const c = await connect(s);
		const err = await rejection(c.add('/ppp/secret', { name: 'a', password: 'b' }));
		expect(err).toMatchObject({ kind: 'trap', category: 3, message: 'failure: already have such name' });
		expect(c.alive).toBe(true);
		expect(await c.print('/system/identity')).toHaveLength(1);
	});

	it('sentences split into tiny TCP writes are framed correctly', async () => {
		const s = await sim({ splitWrites: true });
		const c = await connect(s);
		for (let i = 0; i < 20; i++) await c.add('/ppp/secret', { name: `user-${i}`, password: 'p', comment: `Pelanggan ke-${i}` });
		const rows = await c.print('/ppp/secret');
		expect(rows.map((r) => r.name)).toEqual(Array.from({ length: 20 }, (_, i) => `user-${i}`));
		expect(rows[7].comment).toBe('Pelanggan ke-7');
	});

	it('non-ASCII names and comments survive a round trip as UTF-8', async () => {
		const s = await sim();
		const c = await connect(s);
		const comment = 'Warung Bu Siti ☕ — Ñandú, Jl. Kenanga № 5';
		await c.add('/ppp/secret', { name: 'sití', password: 'p', comment });
		// The simulator holds exactly what a router would store: the UTF-8 bytes.
		expect(s.state.menu('/ppp/secret').list()[0].props.comment).toBe(comment);
		const [row] = await c.print('/ppp/secret', { where: { name: 'sití' } });
		expect(row.comment).toBe(comment);
	});

	it('Windows-1252 bytes from an old Winbox are read as such, not as broken UTF-8', async () => {
		const server = await rawServer((words) => {
			const tag = tagOf(words);
			if (words[0] === '/login') return encodeSentence(['!done', tag!]);
			const word = Buffer.concat([Buffer.from('=name='), Buffer.from([0x4a, 0x6f, 0x73, 0xe9])]); // "José" in Windows-1252
			const re = Buffer.concat([encodeSentence(['!re', tag!]).subarray(0, -1), encodeLength(word.length), word, Buffer.from([0])]);
			return Buffer.concat([re, encodeSentence(['!done', tag!])]);
		});
		const c = await connect(server);
		expect((await c.print('/ppp/secret'))[0].name).toBe('José');
	});

	it('untagged and late replies are ignored instead of throwing UNREGISTEREDTAG', async () => {
		const server = await rawServer((words) => {
			const tag = tagOf(words);
			if (words[0] === '/login') return encodeSentence(['!done', tag!]);
			return Buffer.concat([
				encodeSentence(['!re', '=name=stray']),
				encodeSentence(['!done', '.tag=nobody-asked']),
				encodeSentence(['!re', tag!, '=name=mine']),
				encodeSentence(['!done', tag!])
			]);
		});
		const c = await connect(server);
		expect(await c.print('/ppp/secret')).toEqual([{ name: 'mine' }]);
	});

	it('a connection dropped mid-reply fails the pending command instead of hanging', async () => {
		const s = await sim();
		const c = await connect(s);
		await c.add('/ppp/secret', { name: 'a', password: 'p' });
		await c.add('/ppp/secret', { name: 'b', password: 'p' });
		s.setFault({ dropMidReply: true });
		const err = await rejection(c.print('/ppp/secret'));
		expect(err.kind).toBe('closed');
		expect(c.alive).toBe(false);
		// Later calls fail at once, so a job can reschedule without waiting.
		expect((await rejection(c.print('/system/identity'))).kind).toBe('closed');
	});

	it('a router that stops answering times the command out and closes the connection', async () => {
		const s = await sim();
		const c = await connect(s, 'secret', 300);
		s.setFault({ stall: true });
		const pending = [c.print('/system/identity'), c.print('/interface')];
		for (const p of pending) expect((await rejection(p)).kind).toBe('timeout');
		expect(c.alive).toBe(false);
	});

	it('garbage bytes end the connection with a protocol error, not a crash', async () => {
		const server = await rawServer((words) => {
			const tag = tagOf(words);
			if (words[0] === '/login') return encodeSentence(['!done', tag!]);
			return Buffer.from([0xf9, 0x00, 0x01]);
		});
		const c = await connect(server);
		const err = await rejection(c.print('/system/identity'));
		expect(err.kind).toBe('protocol');
	});

	it('an untagged !fatal closes with the router’s reason', async () => {
		const server = await rawServer((words) => {
			const tag = tagOf(words);
			if (words[0] === '/login') return encodeSentence(['!done', tag!]);
			return encodeSentence(['!fatal', 'session terminated on request']);
		});
		const c = await connect(server);
		const err = await rejection(c.print('/system/identity'));
		expect(err).toMatchObject({ kind: 'fatal', message: 'session terminated on request' });
	});

	it('a socket error after connecting is reported once and never thrown', async () => {
		const s = await sim();
		const c = await connect(s);
		const reasons: Array<RouterError | null> = [];
		c.onClose((e) => reasons.push(e));
		await s.close();
		await new Promise((r) => setTimeout(r, 50));
		expect(c.alive).toBe(false);
		expect(reasons).toHaveLength(1);
	});
});

describe('pipelining', () => {
	it('answers many commands in flight at once, each to its own caller', async () => {
		const s = await sim({ latencyMs: 5 });
		const c = await connect(s);
		const names = Array.from({ length: 200 }, (_, i) => `p${i}`);
		const ids = await Promise.all(names.map((name) => c.add('/ppp/secret', { name, password: 'x' })));
		expect(new Set(ids).size).toBe(200);
		const rows = await Promise.all(names.map((name) => c.print('/ppp/secret', { where: { name }, proplist: ['.id', 'name'] })));
		rows.forEach((r, i) => expect(r).toEqual([{ '.id': ids[i], name: names[i] }]));
	});
});
