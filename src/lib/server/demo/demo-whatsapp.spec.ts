import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { writeSetting } from '../settings';
import { readGatewaySettings, WA_GATEWAY_KEY } from '../whatsapp/gateway-settings';
import { configureDemoWhatsApp, DEMO_FONNTE_TOKEN } from './demo-whatsapp';

const KEY = 'ab'.repeat(32);
let t: TestDatabase;

beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.drop());

describe('the demo WhatsApp gateway', () => {
	it('points "links only" at the simulator, follows it to a new port on restart, and leaves a hand-configured gateway alone', async () => {
		expect(await configureDemoWhatsApp(t.db, KEY, 'http://127.0.0.1:40001')).toBe(true);
		let s = await readGatewaySettings(t.db, KEY);
		expect(s.kind).toBe('fonnte');
		expect(s.fonnte).toMatchObject({ token: DEMO_FONNTE_TOKEN, baseUrl: 'http://127.0.0.1:40001' });

		expect(await configureDemoWhatsApp(t.db, KEY, 'http://127.0.0.1:40002')).toBe(true);
		expect((await readGatewaySettings(t.db, KEY)).fonnte.baseUrl).toBe('http://127.0.0.1:40002');

		await writeSetting(t.db, WA_GATEWAY_KEY, { kind: 'wablas', wablas: { tokenEnc: null, secretKeyEnc: null, baseUrl: 'https://jogja.wablas.com', ratePerSecond: null } }, null);
		expect(await configureDemoWhatsApp(t.db, KEY, 'http://127.0.0.1:40003')).toBe(false);
		s = await readGatewaySettings(t.db, KEY);
		expect(s.kind).toBe('wablas');
	});
});
