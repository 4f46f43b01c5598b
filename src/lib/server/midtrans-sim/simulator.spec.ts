import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMidtransSimulator, type MidtransSimulator } from './index';
import { verifyMidtransSignature } from '../midtrans/signature';

const KEY = 'SB-Mid-server-sim-spec';
const auth = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;
let sim: MidtransSimulator;
/** Lunas stand-in: fails the first `failures` deliveries, then answers 200. */
let failures = 0;
const received: Array<Record<string, unknown>> = [];
const lunas = createServer((req, res) => {
	let body = '';
	req.on('data', (c) => (body += c));
	req.on('end', () => {
		received.push(JSON.parse(body));
		res.writeHead(failures-- > 0 ? 503 : 200).end();
	});
});

beforeAll(async () => {
	await new Promise<void>((r) => lunas.listen(0, '127.0.0.1', () => r()));
	const notifyUrl = `http://127.0.0.1:${(lunas.address() as AddressInfo).port}/api/midtrans/notification`;
	sim = await startMidtransSimulator({ serverKey: KEY, notifyUrl, retryDelaysMs: [20, 40, 80] });
});
afterAll(async () => {
	await sim?.close();
	lunas.closeAllConnections();
	await new Promise((r) => lunas.close(r));
});

async function create(orderId: string, finish?: string) {
	const res = await fetch(`${sim.url}/snap/v1/transactions`, {
		method: 'POST',
		headers: { authorization: auth, 'content-type': 'application/json' },
		body: JSON.stringify({ transaction_details: { order_id: orderId, gross_amount: 100000 }, callbacks: finish ? { finish } : undefined })
	});
	return (await res.json()) as { token: string; redirect_url: string };
}

describe('Midtrans simulator', () => {
	it('sends signed notifications and retries with backoff until Lunas answers 2xx', async () => {
		await create('SIM-RETRY');
		failures = 2;
		received.length = 0;
		sim.deliveries.length = 0;
		await sim.pay('SIM-RETRY', 'va');
		await sim.idle();
		const settlement = sim.deliveries.filter((d) => d.transactionStatus === 'settlement');
		const pending = sim.deliveries.filter((d) => d.transactionStatus === 'pending');
		// pending failed twice then landed; settlement went out after it, once.
		expect(pending.map((d) => d.httpStatus)).toEqual([503, 503, 200]);
		expect(settlement.map((d) => d.httpStatus)).toEqual([200]);
		for (const n of received) expect(verifyMidtransSignature(n, KEY)).toBe(true);
		expect(received.at(-1)).toMatchObject({ order_id: 'SIM-RETRY', transaction_status: 'settlement', status_code: '200', gross_amount: '100000.00', payment_type: 'bank_transfer' });
	});

	it('serves a snap.js whose snap.pay opens the payment screen', async () => {
		const js = await (await fetch(`${sim.url}/snap/snap.js`)).text();
		expect(js).toContain('window.snap');
		expect(js).toContain('/snap/v4/redirection/');
	});

	it('lets a tester choose on the payment screen, then sends the payer back to the finish URL', async () => {
		const { token, redirect_url } = await create('SIM-SCREEN', 'http://lunas.test/pay/abc');
		const screen = await (await fetch(redirect_url)).text();
		for (const label of ['Bayar VA', 'Bayar QRIS', 'Tolak', 'Biarkan kedaluwarsa']) expect(screen).toContain(label);
		const res = await fetch(redirect_url, { method: 'POST', body: 'choice=deny', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('http://lunas.test/pay/abc?order_id=SIM-SCREEN&status_code=202&transaction_status=deny');
		const status = await fetch(`${sim.url}/v2/SIM-SCREEN/status`, { headers: { authorization: auth } });
		expect(await status.json()).toMatchObject({ transaction_status: 'deny', status_code: '202' });
		// A closed transaction's screen cannot be used again.
		expect((await fetch(`${sim.url}/snap/v4/redirection/${token}`)).status).toBe(410);
		await sim.idle();
	});

	it('expires a transaction with a 407 status code', async () => {
		await create('SIM-EXPIRE');
		await sim.expire('SIM-EXPIRE');
		const status = await fetch(`${sim.url}/v2/SIM-EXPIRE/status`, { headers: { authorization: auth } });
		expect(await status.json()).toMatchObject({ transaction_status: 'expire', status_code: '407' });
		await sim.idle();
	});

	it('refuses the status API without the server key', async () => {
		expect((await fetch(`${sim.url}/v2/SIM-EXPIRE/status`)).status).toBe(401);
	});
});
