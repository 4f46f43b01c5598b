import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { challengeResponse } from './login';
import { startRouterOsSimulator, type RouterOsSimulator, type SimulatorOptions } from './simulator';
import { TestClient, toObject } from './test-client';
import { encodeSentence, SentenceDecoder } from '../routeros/wire';

const open: Array<RouterOsSimulator | TestClient> = [];
afterEach(async () => {
	for (const x of open.splice(0)) {
		if (x instanceof TestClient) x.close();
		else await x.close();
	}
});

async function sim(options: Partial<SimulatorOptions> = {}): Promise<RouterOsSimulator> {
	const s = await startRouterOsSimulator({ user: 'admin', password: 'secret', port: 0, ...options });
	open.push(s);
	return s;
}

async function client(s: RouterOsSimulator, loggedIn = true): Promise<TestClient> {
	const c = await TestClient.open(s.port);
	open.push(c);
	if (loggedIn) expect(await c.command('/login', '=name=admin', '=password=secret')).toEqual([['!done']]);
	return c;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('login', () => {
	it('accepts the post-6.43 plain login and rejects a wrong password like v6', async () => {
		const s = await sim({ ros: 6 });
		const c = await client(s, false);
		expect(await c.command('/login', '=name=admin', '=password=nope')).toEqual([
			['!trap', '=message=invalid user name or password (6)'],
			['!done']
		]);
		expect(await c.command('/login', '=name=admin', '=password=secret')).toEqual([['!done']]);
	});

	it('runs the pre-6.43 challenge login', async () => {
		const s = await sim({ ros: 6, legacyLogin: true });
		const c = await client(s, false);
		const [first] = await c.command('/login');
		expect(first[0]).toBe('!done');
		const challenge = toObject(first).ret;
		expect(challenge).toMatch(/^[0-9a-f]{32}$/);
		const wrong = await c.command('/login', '=name=admin', `=response=${challengeResponse('bad', challenge)}`);
		expect(wrong[0][0]).toBe('!trap');
		const [again] = await c.command('/login', '=name=admin', '=password=secret');
		const fresh = toObject(again).ret;
		expect(fresh).toMatch(/^[0-9a-f]{32}$/);
		expect(await c.command('/login', '=name=admin', `=response=${challengeResponse('secret', fresh)}`)).toEqual([
			['!done']
		]);
	});

	it('refuses commands before login', async () => {
		const s = await sim();
		const c = await client(s, false);
		expect(await c.command('/ppp/secret/print')).toEqual([['!trap', '=message=not logged in'], ['!done']]);
	});
});

describe('replies', () => {
	it('puts the tag right after the reply word of every sentence', async () => {
		const s = await sim();
		s.state.menu('/ppp/secret').add({ name: 'a' });
		const c = await client(s);
		c.send('/ppp/secret/print', '.tag=t1');
		c.send('/nope/print', '.tag=t2');
		const got = await c.until((r) => r.filter((x) => x[0] === '!done').length >= 3);
		const tagged = got.slice(1);
		expect(tagged.map((x) => x.slice(0, 2))).toEqual([
			['!re', '.tag=t1'],
			['!done', '.tag=t1'],
			['!trap', '.tag=t2'],
			['!done', '.tag=t2']
		]);
	});

	it('answers an empty print with !empty on ros 7 and with only !done on ros 6', async () => {
		const v7 = await client(await sim({ ros: 7 }));
		expect(await v7.command('/queue/simple/print')).toEqual([['!empty'], ['!done']]);
		const v6 = await client(await sim({ ros: 6 }));
		expect(await v6.command('/queue/simple/print')).toEqual([['!done']]);
	});

	it('spells booleans per generation', async () => {
		const v6 = await sim({ ros: 6 });
		v6.state.menu('/ppp/secret').add({ name: 'a', disabled: 'yes' });
		expect((await (await client(v6)).print('/ppp/secret/print'))[0].disabled).toBe('yes');
		const v7 = await sim({ ros: 7 });
		v7.state.menu('/ppp/secret').add({ name: 'a', disabled: 'yes' });
		expect((await (await client(v7)).print('/ppp/secret/print'))[0].disabled).toBe('true');
	});

	it('traps unknown menus and commands', async () => {
		const c = await client(await sim());
		expect((await c.command('/foo/bar'))[0]).toEqual(['!trap', '=category=0', '=message=no such command prefix']);
		expect((await c.command('/ppp/active/add', '=name=x'))[0]).toEqual([
			'!trap',
			'=category=0',
			'=message=no such command'
		]);
	});

	it('reads resource, identity, interfaces and a traffic sample', async () => {
		const c = await client(await sim({ ros: 6, identity: 'RW-01' }));
		expect((await c.print('/system/identity/print'))[0]).toEqual({ name: 'RW-01' });
		const [res] = await c.print('/system/resource/print');
		expect(res.version).toMatch(/^6\./);
		expect(res.uptime).toMatch(/^\d+s$/);
		expect((await c.print('/interface/print')).map((i) => i.name)).toContain('ether1');
		const [sample] = await c.print('/interface/monitor-traffic', '=interface=ether1', '=once=');
		expect(Number(sample['rx-bits-per-second'])).toBeGreaterThan(0);
		expect(sample['tx-bits-per-second']).toMatch(/^\d+$/);
	});
});

describe('print queries', () => {
	async function seeded() {
		const s = await sim({ autoConnect: false });
		const secrets = s.state.menu('/ppp/secret');
		secrets.add({ name: 'ani', comment: 'RT 01' });
		secrets.add({ name: 'budi', disabled: 'true' });
		secrets.add({ name: 'citra', comment: 'RT 02' });
		return client(s);
	}

	it('filters by value, presence, absence, comparison and ?#|', async () => {
		const c = await seeded();
		const names = async (...q: string[]) => (await c.print('/ppp/secret/print', ...q)).map((r) => r.name);
		expect(await names('?name=budi')).toEqual(['budi']);
		expect(await names('?comment')).toEqual(['ani', 'citra']);
		expect(await names('?-comment')).toEqual(['budi']);
		expect(await names('?>name=b')).toEqual(['budi', 'citra']);
		expect(await names('?<.id=*2')).toEqual(['ani']);
		expect(await names('?name=ani', '?name=citra', '?#|')).toEqual(['ani', 'citra']);
		expect(await names('?disabled=yes', '?#!')).toEqual(['ani', 'citra']);
		expect(await names('?comment', '?name=citra', '?#&')).toEqual(['citra']);
	});

	it('reads ?=name=value as equality, the documented second spelling of ?name=value', async () => {
		const c = await seeded();
		const names = async (...q: string[]) => (await c.print('/ppp/secret/print', ...q)).map((r) => r.name);
		expect(await names('?=name=budi')).toEqual(['budi']);
		expect(await names('?=name=nobody')).toEqual([]);
		expect(await names('?=comment=RT 02')).toEqual(['citra']);
		expect(await names('?=disabled=true')).toEqual(['budi']);
		expect(await names('?=name=ani', '?=name=citra', '?#|')).toEqual(['ani', 'citra']);
		// What librouteros sends for `Key('name') != 'budi'`.
		expect(await names('?=name=budi', '?#!')).toEqual(['ani', 'citra']);
	});

	it('returns only the .proplist properties, in that order', async () => {
		const c = await seeded();
		const replies = await c.command('/ppp/secret/print', '=.proplist=name,.id,nothing', '?name=ani');
		expect(replies).toEqual([['!re', '=name=ani', '=.id=*1'], ['!done']]);
	});

	it('counts with count-only', async () => {
		const c = await seeded();
		expect(await c.command('/ppp/secret/print', '=count-only=')).toEqual([['!done', '=ret=3']]);
	});
});

describe('add, set, remove', () => {
	it('adds with =ret=*N, sets by id and by name, removes, and traps duplicates and bad profiles', async () => {
		const s = await sim({ autoConnect: false });
		s.state.menu('/ppp/profile').add({ name: 'isolir' });
		const c = await client(s);
		expect(await c.command('/ppp/secret/add', '=name=dedi', '=password=p=1', '=comment=Pak Dedi — ñ')).toEqual([
			['!done', '=ret=*1']
		]);
		expect((await c.command('/ppp/secret/add', '=name=dedi'))[0]).toEqual([
			'!trap',
			'=message=failure: secret with the same name already exists'
		]);
		expect((await c.command('/ppp/secret/set', '=.id=*1', '=profile=nope'))[0][0]).toBe('!trap');
		expect(await c.command('/ppp/secret/set', '=.id=dedi', '=profile=isolir')).toEqual([['!done']]);
		const [row] = await c.print('/ppp/secret/print');
		expect(row).toMatchObject({ '.id': '*1', name: 'dedi', password: 'p=1', profile: 'isolir', comment: 'Pak Dedi — ñ' });
		expect((await c.command('/ppp/secret/set', '=.id=*9', '=disabled=yes'))[0][0]).toBe('!trap');
		expect((await c.command('/ppp/secret/set', '=.id=*1', '=colour=red'))[0][0]).toBe('!trap');
		expect(await c.command('/ppp/secret/remove', '=.id=*1')).toEqual([['!done']]);
		expect(s.state.menu('/ppp/secret').list()).toHaveLength(0);
	});

	it('unsets a property: an optional one disappears, one every row has takes its default', async () => {
		const s = await sim({ autoConnect: false });
		s.state.menu('/ppp/profile').add({ name: 'paket' });
		const c = await client(s);
		await c.command('/ppp/secret/add', '=name=hana', '=remote-address=10.99.0.7', '=profile=paket', '=comment=Bu Hana');
		expect(await c.command('/ppp/secret/unset', '=numbers=*1', '=value-name=remote-address')).toEqual([['!done']]);
		expect(await c.command('/ppp/secret/unset', '=numbers=hana', '=value-name=profile')).toEqual([['!done']]);
		const [row] = await c.print('/ppp/secret/print');
		expect(row).not.toHaveProperty('remote-address');
		expect(row).toMatchObject({ name: 'hana', profile: 'default', comment: 'Bu Hana' });
		// Unsetting what is not set is no error; an unknown property, a missing value-name or item is.
		expect(await c.command('/ppp/secret/unset', '=numbers=*1', '=value-name=remote-address')).toEqual([['!done']]);
		expect((await c.command('/ppp/secret/unset', '=numbers=*1', '=value-name=colour'))[0][0]).toBe('!trap');
		expect((await c.command('/ppp/secret/unset', '=numbers=*1'))[0][0]).toBe('!trap');
		expect((await c.command('/ppp/secret/unset', '=numbers=*7', '=value-name=comment'))[0][0]).toBe('!trap');
		// Menus without set have no unset either.
		expect((await c.command('/ppp/active/unset', '=numbers=*1', '=value-name=address'))[0]).toEqual(['!trap', '=category=0', '=message=no such command']);
	});

	it('keeps IP pools: print, add, set, remove, with ranges checked', async () => {
		const c = await client(await sim({ autoConnect: false }));
		expect(await c.command('/ip/pool/add', '=name=pppoe-pool', '=ranges=10.20.0.2-10.20.0.254')).toEqual([['!done', '=ret=*1']]);
		expect((await c.command('/ip/pool/add', '=name=pppoe-pool', '=ranges=10.21.0.0/24'))[0][0]).toBe('!trap');
		expect((await c.command('/ip/pool/add', '=name=bad', '=ranges=10.20.0.300'))[0][0]).toBe('!trap');
		expect((await c.command('/ip/pool/add', '=name=bad', '=ranges=10.20.0.9-10.20.0.2'))[0][0]).toBe('!trap');
		expect(await c.command('/ip/pool/set', '=.id=pppoe-pool', '=ranges=10.20.0.2-10.20.0.254,10.21.0.0/24')).toEqual([['!done']]);
		expect(await c.print('/ip/pool/print', '?=name=pppoe-pool')).toEqual([
			{ '.id': '*1', name: 'pppoe-pool', ranges: '10.20.0.2-10.20.0.254,10.21.0.0/24', 'next-pool': 'none' }
		]);
		expect(await c.command('/ip/pool/remove', '=.id=*1')).toEqual([['!done']]);
		expect(await c.print('/ip/pool/print')).toEqual([]);
	});

	it('keeps address-list entries unique per list and address', async () => {
		const c = await client(await sim());
		expect((await c.command('/ip/firewall/address-list/add', '=list=isolir', '=address=10.0.0.5'))[0][0]).toBe('!done');
		expect((await c.command('/ip/firewall/address-list/add', '=list=isolir', '=address=10.0.0.5'))[0][0]).toBe('!trap');
		const [entry] = await c.print('/ip/firewall/address-list/print');
		expect(entry['creation-time']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
	});
});

describe('PPPoE sessions', () => {
	it('brings enabled secrets online and a kicked one back with its new profile', async () => {
		const s = await sim({ reconnectDelayMs: 100 });
		s.state.menu('/ppp/profile').add({ name: 'isolir' });
		const c = await client(s);
		await c.command('/ppp/secret/add', '=name=eka', '=password=x');
		const [session] = await c.print('/ppp/active/print');
		expect(session).toMatchObject({ name: 'eka', service: 'pppoe' });
		expect(session.address).toMatch(/^10\.10\.\d+\.\d+$/);
		expect(session['caller-id']).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
		expect(s.state.sessions.profileOf('eka')).toBe('default');

		await c.command('/ppp/secret/set', '=.id=eka', '=profile=isolir');
		// Changing the profile alone does not touch the running session, as on a real router.
		expect(s.state.sessions.profileOf('eka')).toBe('default');
		expect(await c.command('/ppp/active/remove', `=.id=${session['.id']}`)).toEqual([['!done']]);
		expect(await c.print('/ppp/active/print')).toEqual([]);
		await sleep(250);
		const [back] = await c.print('/ppp/active/print');
		expect(back.name).toBe('eka');
		expect(back['.id']).not.toBe(session['.id']);
		expect(s.state.sessions.profileOf('eka')).toBe('isolir');
	});

	it('does not bring a disabled secret back after a kick, and counts uptime', async () => {
		const s = await sim({ reconnectDelayMs: 50 });
		const c = await client(s);
		await c.command('/ppp/secret/add', '=name=fajar');
		await sleep(1100);
		expect((await c.print('/ppp/active/print'))[0].uptime).toMatch(/^[12]s$/);
		await c.command('/ppp/secret/set', '=.id=fajar', '=disabled=yes');
		expect(await c.print('/ppp/active/print')).toHaveLength(1);
		await c.command('/ppp/active/remove', '=numbers=*1');
		await sleep(150);
		expect(await c.print('/ppp/active/print')).toEqual([]);
	});

	it("gives a session the secret's remote-address or a pool address, and puts it on the profile's address-list while it lasts", async () => {
		const s = await sim({ reconnectDelayMs: 50 });
		const c = await client(s);
		await c.command('/ip/pool/add', '=name=pool1', '=ranges=10.30.0.10-10.30.0.11');
		await c.command('/ppp/profile/add', '=name=isolir', '=address-list=isolir', '=remote-address=pool1');
		await c.command('/ppp/secret/add', '=name=ika', '=remote-address=10.99.0.7');
		await c.command('/ppp/secret/add', '=name=joko', '=profile=isolir');
		await c.command('/ppp/secret/add', '=name=kiki', '=profile=isolir');
		const address = async (name: string) => (await c.print('/ppp/active/print', `?name=${name}`))[0]?.address;
		expect(await address('ika')).toBe('10.99.0.7');
		expect(await address('joko')).toBe('10.30.0.10');
		expect(await address('kiki')).toBe('10.30.0.11');
		const listed = async () => (await c.print('/ip/firewall/address-list/print', '?list=isolir')).map((e) => [e.address, e.dynamic]);
		expect(await listed()).toEqual([['10.30.0.10', 'true'], ['10.30.0.11', 'true']]);

		// Moved to the isolir profile but not kicked: the old session is not on the list …
		await c.command('/ppp/secret/set', '=.id=ika', '=profile=isolir');
		expect((await listed()).map(([a]) => a)).not.toContain('10.99.0.7');
		// … until it redials with that profile; an ended session leaves the list.
		s.state.sessions.kick('ika');
		await sleep(150);
		expect((await listed()).map(([a]) => a)).toContain('10.99.0.7');
		s.state.sessions.kick('joko', { reconnect: false });
		expect((await listed()).map(([a]) => a)).toEqual(['10.30.0.11', '10.99.0.7']);
	});

	it('drops sessions at once when dropOnSecretChange is on', async () => {
		const s = await sim({ dropOnSecretChange: true });
		const c = await client(s);
		await c.command('/ppp/secret/add', '=name=gita');
		await c.command('/ppp/secret/set', '=.id=gita', '=disabled=yes');
		expect(await c.print('/ppp/active/print')).toEqual([]);
	});
});

describe('faults', () => {
	it('refuses login', async () => {
		const s = await sim({ refuseLogin: true });
		const c = await client(s, false);
		expect((await c.command('/login', '=name=admin', '=password=secret'))[0][0]).toBe('!trap');
		s.setFault({ refuseLogin: false });
		expect(await c.command('/login', '=name=admin', '=password=secret')).toEqual([['!done']]);
	});

	it('drops the connection after the first !re of the next print, once', async () => {
		const s = await sim({ autoConnect: false });
		s.state.menu('/ppp/secret').add({ name: 'a' });
		s.state.menu('/ppp/secret').add({ name: 'b' });
		const c = await client(s);
		s.setFault({ dropMidReply: true });
		const replies = await c.command('/ppp/secret/print');
		expect(replies.map((r) => r[0])).toEqual(['!re']);
		expect(c.closed).toBe(true);
		expect(s.faults.dropMidReply).toBe(false);
	});

	it('traps a named command', async () => {
		const s = await sim({ trapOn: { command: '/ppp/secret/add', message: 'failure: out of memory', category: 4 } });
		const c = await client(s);
		expect(await c.command('/ppp/secret/add', '=name=x')).toEqual([
			['!trap', '=category=4', '=message=failure: out of memory'],
			['!done']
		]);
		expect(s.state.menu('/ppp/secret').list()).toHaveLength(0);
	});

	it('splits sentences across many TCP writes without breaking them', async () => {
		const s = await sim({ autoConnect: false, splitWrites: true });
		for (let i = 0; i < 5; i++) s.state.menu('/ppp/secret').add({ name: `user-${i}`, comment: 'é'.repeat(50) });
		const c = await client(s);
		const before = c.chunks;
		const rows = await c.print('/ppp/secret/print');
		expect(rows).toHaveLength(5);
		expect(rows[4].comment).toBe('é'.repeat(50));
		expect(c.chunks - before).toBeGreaterThan(6);
	});

	it('stalls and then answers new commands again', async () => {
		const s = await sim();
		const c = await client(s);
		s.setFault({ stall: true });
		c.send('/system/identity/print');
		await sleep(200);
		expect(c.received).toHaveLength(1);
		s.setFault({ stall: false });
		expect((await c.print('/system/identity/print'))[0].name).toBe('MikroTik');
	});

	it('delays each reply by latencyMs but answers pipelined commands together', async () => {
		const s = await sim({ latencyMs: 300 });
		const c = await client(s);
		const t0 = Date.now();
		for (let i = 0; i < 10; i++) c.send('/system/identity/print', `.tag=${i}`);
		await c.until((r) => r.filter((x) => x[0] === '!done').length >= 11);
		const elapsed = Date.now() - t0;
		// The delay is applied; and the replies overlap: one after the other would take ten delays
		// (3 s), a margin no busy machine eats on a loopback connection.
		expect(elapsed).toBeGreaterThanOrEqual(290);
		expect(elapsed).toBeLessThan(10 * 300);
	});

	it('closes with !fatal on a reserved length byte and on /quit', async () => {
		const s = await sim();
		const c = await client(s);
		expect(await c.command('/quit')).toEqual([['!fatal', '=message=session terminated on request']]);
		await c.until(() => false, 1000).catch(() => undefined);
		expect(c.closed).toBe(true);
		const d = await client(s);
		(d as unknown as { socket: { write(b: Buffer): void } }).socket.write(Buffer.from([0xf8, 1, 2, 3, 4]));
		await d.until((r) => r.some((x) => x[0] === '!fatal'));
		expect(d.received.at(-1)?.[0]).toBe('!fatal');
	});
});

describe('TLS', () => {
	it('serves the API over TLS with a self-signed certificate', async () => {
		const s = await sim({ tls: true });
		expect(s.certificate).toContain('BEGIN CERTIFICATE');
		const socket = tlsConnect({ host: s.host, port: s.port, ca: s.certificate, servername: 'routeros-sim', checkServerIdentity: () => undefined });
		const decoder = new SentenceDecoder();
		const got: string[][] = [];
		await new Promise<void>((resolve, reject) => {
			socket.once('secureConnect', () => socket.write(encodeSentence(['/login', '=name=admin', '=password=secret'])));
			socket.on('data', (chunk: Buffer) => {
				got.push(...decoder.push(chunk));
				if (got.length > 0) resolve();
			});
			socket.once('error', reject);
		});
		socket.destroy();
		expect(got).toEqual([['!done']]);
	});
});
