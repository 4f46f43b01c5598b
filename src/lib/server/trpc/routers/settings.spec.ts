import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { createCaller } from '../root';
import { createContext } from '../trpc';
import { auditLog, customers, settings } from '../../db/schema';
import { decryptSecret } from '../../crypto/secret-box';
import { setConfigForTests, getConfig, type Config } from '../../config';
import { readLogo } from '../../settings/logo';
import { testMidtransKey } from '../../settings/midtrans-test';
import { applyStoredTimeZone, followStoredTimeZone, stopFollowingTimeZone } from '../../settings/time-zone';
import { MIDTRANS_KEYS_KEY } from '../../settings/midtrans-keys';
import { currentGateway, gatewayOptionsFor, reloadGatewayKeys, resetGatewayKeysForTests } from '../../midtrans/runtime';
import { offlineDays } from '../../sync/devices';
import { startMidtransSimulator, type MidtransSimulator } from '../../midtrans-sim/index';
import { readSetting } from '../../settings';
import { ISP_PROFILE_KEY, ispProfileSchema } from '../../../shared/schemas/isp-profile';
import { DEFAULT_TEMPLATES, DEFAULT_TEMPLATES_EN, previewValues, renderTemplate } from '../../../shared/templates';
import { makeCustomer, makeIsp, makeSubscription } from '../../../../../tests/fixtures';
import { runBilling } from '../../billing/billing-run';
import { DEFAULT_BILLING_RULES } from '../../../shared/schemas/billing-rules';
import type { SessionUser } from '../../auth/session';

const SIM_KEY = 'SB-Mid-server-settings-spec-0001';
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let t: TestDatabase;
let sim: MidtransSimulator;
const { makeUser, callerAs } = trpcTester(() => t);
let admin: SessionUser, office: SessionUser, tech: SessionUser;

/** An admin's caller whose configuration points Midtrans at the simulator (as the demo's does). */
function adminWith(config: Partial<Config>) {
	return createCaller(createContext({ db: t.db, config: { ...testConfig(t.url), ...config }, user: admin, sessionId: null, ipAddress: '127.0.0.1', lang: 'id' }));
}

beforeAll(async () => {
	t = await createTestDatabase();
	sim = await startMidtransSimulator({ serverKey: SIM_KEY });
	admin = await makeUser('admin');
	office = await makeUser('office');
	tech = await makeUser('technician');
});
afterAll(async () => {
	resetGatewayKeysForTests();
	setConfigForTests(undefined);
	await sim?.close();
	await t?.drop();
});

describe('settings procedures', () => {
	it('are for admins only: office and technicians are refused, signed-out callers too', async () => {
		for (const user of [office, tech]) {
			const as = callerAs(user);
			expect((await errorOf(as.settings.get())).code).toBe('FORBIDDEN');
			expect((await errorOf(as.settings.saveProfile({ name: 'X' }))).code).toBe('FORBIDDEN');
			expect((await errorOf(as.settings.saveMidtrans({ serverKey: 'abc' }))).code).toBe('FORBIDDEN');
			expect((await errorOf(as.settings.testMidtrans({}))).code).toBe('FORBIDDEN');
			expect((await errorOf(as.settings.saveTemplates(DEFAULT_TEMPLATES))).code).toBe('FORBIDDEN');
			expect((await errorOf(as.settings.saveTimeZone({ timeZone: 'Asia/Makassar' }))).code).toBe('FORBIDDEN');
			expect((await errorOf(as.settings.saveOfflineDays({ days: 3 }))).code).toBe('FORBIDDEN');
			expect((await errorOf(as.settings.saveLogo({ dataUrl: `data:image/png;base64,${PNG_1PX}` }))).code).toBe('FORBIDDEN');
		}
		expect((await errorOf(callerAs(null).settings.get())).code).toBe('UNAUTHORIZED');
		expect(await t.db.select().from(settings)).toHaveLength(0);
	});

	it('start from defaults: profile "Lunas", Indonesian templates, the environment time zone, 14 offline days', async () => {
		const s = await callerAs(admin).settings.get();
		expect(s.profile).toEqual({ name: 'Lunas', address: '', phone: '', bankAccounts: [], logoVersion: null });
		expect(s.templates).toEqual({ language: 'id', ...DEFAULT_TEMPLATES });
		expect(s.timeZone).toMatchObject({ active: 'Asia/Jakarta', stored: null });
		expect(s.timeZone.zones).toContain('Asia/Makassar');
		expect(s.offlineDays).toBe(14);
		expect(s.midtrans).toEqual({ serverKeyStored: false, unreadable: false, clientKey: '', isProduction: false, source: 'none', environmentKeySet: false });
	});

	it('save the ISP profile with bank accounts, audited, and keep the logo version', async () => {
		const input = { name: ' Net Kampung ', address: 'Jl. Mawar 2, Bantul', phone: '0274-123456', bankAccounts: [{ bank: 'BCA', number: '123 456 7890', holder: 'Budi Santoso' }] };
		const saved = await callerAs(admin).settings.saveProfile(input);
		expect(saved).toEqual({ ...input, name: 'Net Kampung', logoVersion: null });
		expect((await callerAs(admin).settings.get()).profile.bankAccounts).toEqual(input.bankAccounts);
		const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'settings.ispProfile'));
		expect(row).toMatchObject({ userId: admin.id, entity: 'settings', entityId: 'isp.profile' });
		expect(row.after).toMatchObject({ name: 'Net Kampung' });
	});

	it('refuse a bad profile with translated errors on the exact fields', async () => {
		const err = await errorOf(
			callerAs(admin, 'en').settings.saveProfile({ name: '  ', bankAccounts: [{ bank: 'BRI', number: '12-34', holder: 'A' }, { bank: '', number: 'abc', holder: 'B' }] })
		);
		expect(err.code).toBe('BAD_REQUEST');
		const fields = fieldErrorsOf(err, 'en');
		expect(Object.keys(fields).sort()).toEqual(['bankAccounts.1.bank', 'bankAccounts.1.number', 'name']);
		expect(fields['bankAccounts.1.number'][0]).toMatch(/digits only/);
		expect(fieldErrorsOf(err, 'id')['bankAccounts.1.number'][0]).toMatch(/hanya angka/);
		expect((await callerAs(admin).settings.get()).profile.name).toBe('Net Kampung');
	});

	it('store a logo, point the profile at it, and refuse oversized, mislabelled or scripted images', async () => {
		const { logoVersion } = await callerAs(admin).settings.saveLogo({ dataUrl: `data:image/png;base64,${PNG_1PX}` });
		expect(logoVersion).toMatch(/^[0-9a-f]{16}$/);
		const logo = await readLogo(t.db);
		expect(logo).toMatchObject({ type: 'image/png', version: logoVersion });
		expect(logo!.bytes.equals(Buffer.from(PNG_1PX, 'base64'))).toBe(true);
		expect((await readSetting(t.db, ISP_PROFILE_KEY, ispProfileSchema)).logoVersion).toBe(logoVersion);
		// Saving the profile again does not lose the logo.
		await callerAs(admin).settings.saveProfile({ name: 'Net Kampung' });
		expect((await callerAs(admin).settings.get()).profile.logoVersion).toBe(logoVersion);

		const refused = async (dataUrl: string) => fieldErrorsOf(await errorOf(callerAs(admin, 'en').settings.saveLogo({ dataUrl })), 'en').dataUrl?.[0];
		const big = Buffer.concat([Buffer.from(PNG_1PX, 'base64'), Buffer.alloc(200 * 1024)]).toString('base64');
		expect(await refused(`data:image/png;base64,${big}`)).toMatch(/200 KB/);
		expect(await refused(`data:image/png;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64')}`)).toMatch(/PNG, JPEG or SVG/);
		expect(await refused(`data:image/gif;base64,R0lGODlhAQABAAAAACw=`)).toMatch(/PNG, JPEG or SVG/);
		const scripted = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>';
		expect(await refused(`data:image/svg+xml;base64,${Buffer.from(scripted).toString('base64')}`)).toMatch(/script/);
		const clean = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0a0"/></svg>';
		const svg = await callerAs(admin).settings.saveLogo({ dataUrl: `data:image/svg+xml;base64,${Buffer.from(clean).toString('base64')}` });
		expect(svg.logoVersion).not.toBe(logoVersion);
		expect((await readLogo(t.db))?.type).toBe('image/svg+xml');

		await callerAs(admin).settings.removeLogo();
		expect(await readLogo(t.db)).toBeNull();
		expect((await callerAs(admin).settings.get()).profile.logoVersion).toBeNull();
	});

	it('store the Midtrans server key encrypted, never return or audit it, keep it when the field is left empty', async () => {
		const key = 'SB-Mid-server-RahasiaSekali-123';
		const view = await callerAs(admin).settings.saveMidtrans({ serverKey: key, clientKey: 'SB-Mid-client-abc', isProduction: false });
		expect(view).toMatchObject({ serverKeyStored: true, clientKey: 'SB-Mid-client-abc', source: 'settings' });
		expect(JSON.stringify(view)).not.toContain('Rahasia');

		const [row] = await t.db.select().from(settings).where(eq(settings.key, MIDTRANS_KEYS_KEY));
		const stored = row.value as { serverKeyEnc: string };
		expect(JSON.stringify(row.value)).not.toContain('Rahasia');
		expect(stored.serverKeyEnc).toMatch(/^v1:/);
		expect(decryptSecret(stored.serverKeyEnc, testConfig(t.url).SECRETS_KEY)).toBe(key);

		const got = await callerAs(admin).settings.get();
		expect(JSON.stringify(got)).not.toContain('Rahasia');
		expect(JSON.stringify(got)).not.toContain(stored.serverKeyEnc);
		expect(got.midtrans).toMatchObject({ serverKeyStored: true, source: 'settings' });

		// An empty field keeps the key; a client key change alone is saved.
		await callerAs(admin).settings.saveMidtrans({ serverKey: '', clientKey: 'SB-Mid-client-xyz', isProduction: false });
		const [kept] = await t.db.select().from(settings).where(eq(settings.key, MIDTRANS_KEYS_KEY));
		expect(decryptSecret((kept.value as { serverKeyEnc: string }).serverKeyEnc, testConfig(t.url).SECRETS_KEY)).toBe(key);

		const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'settings.midtrans')));
		expect(audits).toHaveLength(2);
		expect(JSON.stringify(audits)).not.toContain('Rahasia');
		expect(JSON.stringify(audits)).not.toContain('v1:');
		expect(audits[0].after).toMatchObject({ serverKeyStored: true, serverKeyReplaced: true });
		expect(audits[1].after).toMatchObject({ serverKeyReplaced: false, clientKey: 'SB-Mid-client-xyz' });
	});

	it('refuse a sandbox key in production mode and malformed keys, on their fields', async () => {
		const err = await errorOf(callerAs(admin, 'en').settings.saveMidtrans({ serverKey: 'SB-Mid-server-x', clientKey: 'bad key!', isProduction: true }));
		const fields = fieldErrorsOf(err, 'en');
		expect(fields.serverKey[0]).toMatch(/sandbox key/);
		expect(fields.clientKey[0]).toMatch(/letters, digits/);
	});

	it('make the gateway use the settings keys over the environment, keeping the base-URL overrides', async () => {
		const env = { ...testConfig(t.url), MIDTRANS_SERVER_KEY: 'SB-Mid-server-from-env', MIDTRANS_CLIENT_KEY: 'SB-Mid-client-env', MIDTRANS_API_BASE_URL: sim.url, MIDTRANS_SNAP_BASE_URL: sim.url };
		setConfigForTests(env);
		resetGatewayKeysForTests();
		expect(currentGateway()?.serverKey).toBe('SB-Mid-server-from-env');

		await reloadGatewayKeys(t.db, env.SECRETS_KEY);
		const g = currentGateway();
		expect(g?.serverKey).toBe('SB-Mid-server-RahasiaSekali-123');
		expect(g?.clientKey).toBe('SB-Mid-client-xyz');
		expect(g?.snapJsUrl).toBe(`${sim.url}/snap/snap.js`);
		expect(gatewayOptionsFor(getConfig(), { serverKey: 'k', clientKey: 'c', isProduction: true, unreadable: false })).toEqual({
			serverKey: 'k',
			clientKey: 'c',
			isProduction: true,
			snapBaseUrl: sim.url,
			apiBaseUrl: sim.url
		});

		// Removing the stored key hands payments back to the environment's.
		const cleared = await adminWith(env).settings.saveMidtrans({ clearServerKey: true, clientKey: '' });
		expect(cleared).toMatchObject({ serverKeyStored: false, source: 'environment', environmentKeySet: true });
		expect(currentGateway()?.serverKey).toBe('SB-Mid-server-from-env');
		expect(gatewayOptionsFor({ ...env, MIDTRANS_SERVER_KEY: '' }, null)).toBeNull();
	});

	it('"Tes kunci": accepted, rejected, no key, and unreachable — never an error', async () => {
		const atSim = adminWith({ MIDTRANS_API_BASE_URL: sim.url, MIDTRANS_SNAP_BASE_URL: sim.url });
		expect(await atSim.settings.testMidtrans({})).toEqual({ result: 'noKey' });
		expect(await atSim.settings.testMidtrans({ serverKey: SIM_KEY })).toEqual({ result: 'accepted' });
		expect(await atSim.settings.testMidtrans({ serverKey: 'SB-Mid-server-wrong' })).toEqual({ result: 'rejected' });
		// Without a typed key the stored one is tested.
		await atSim.settings.saveMidtrans({ serverKey: SIM_KEY });
		expect(await atSim.settings.testMidtrans({})).toEqual({ result: 'accepted' });

		const down = await adminWith({ MIDTRANS_API_BASE_URL: 'http://127.0.0.1:1', MIDTRANS_SNAP_BASE_URL: 'http://127.0.0.1:1' }).settings.testMidtrans({});
		expect(down.result).toBe('unreachable');

		// A gateway that accepts the connection and never answers is given up on.
		const silent: Server = createServer(() => undefined);
		await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
		const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
		const stalled = await testMidtransKey({ serverKey: SIM_KEY, clientKey: '', isProduction: false, apiBaseUrl: url, snapBaseUrl: url }, 300);
		expect(stalled).toEqual({ result: 'unreachable', detail: expect.stringMatching(/no answer/) });
		silent.close();
	});

	it('refuse unknown template placeholders with a message naming them, and save good templates', async () => {
		const bad = { ...DEFAULT_TEMPLATES, reminder: 'Halo {nama_pelanggan}, bayar {jumlah}', receipt: 'Lunas {link_bayar}' };
		const err = await errorOf(callerAs(admin).settings.saveTemplates(bad));
		expect(err.code).toBe('BAD_REQUEST');
		const fields = fieldErrorsOf(err);
		expect(Object.keys(fields).sort()).toEqual(['receipt', 'reminder']);
		expect(fields.reminder[0]).toBe(
			'Placeholder tidak dikenal: {nama_pelanggan}. Yang bisa dipakai: {nama}, {kode}, {paket}, {periode}, {jumlah}, {jatuh_tempo}, {link_bayar}, {isp}.'
		);
		expect(fields.receipt[0]).toMatch(/\{link_bayar\}/);
		const empty = await errorOf(callerAs(admin).settings.saveTemplates({ ...DEFAULT_TEMPLATES, isolir: '   ' }));
		expect(fieldErrorsOf(empty)).toEqual({ isolir: ['Wajib diisi.'] });

		const good = { ...DEFAULT_TEMPLATES, reminder: 'Halo {nama}, tagihan {jumlah} — {link_bayar}' };
		await callerAs(admin).settings.saveTemplates(good);
		expect((await callerAs(admin).settings.get()).templates).toEqual({ language: 'id', ...good });
	});

	it('preview the templates with the newest open bill of a real customer, the sample one before there is any', async () => {
		expect((await callerAs(admin).settings.get()).previewCustomer).toBeNull();
		const isp = await makeIsp(t.db, 175_000);
		const customerId = await makeCustomer(t.db, isp);
		await makeSubscription(t.db, isp, customerId, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
		await runBilling(t.db, { today: '2026-09-02', rules: DEFAULT_BILLING_RULES });
		const [customer] = await t.db.select().from(customers).where(eq(customers.id, customerId));
		const s = await callerAs(admin).settings.get();
		expect(s.previewCustomer).toMatchObject({ customerName: customer.name, customerCode: customer.code, outstanding: 175_000, periodStart: '2026-09-01' });
		const text = renderTemplate('reminder', DEFAULT_TEMPLATES_EN.reminder, previewValues('reminder', 'Teluk Net', s.publicBaseUrl, 'en', s.previewCustomer));
		expect(text).toContain(`Dear ${customer.name} (${customer.code})`);
		expect(text).toContain('Rp 175.000');
		expect(text).toContain('1 Sept 2026 – 30 Sept 2026'); // en-GB's abbreviation, as every English date in Lunas
	});

	it('save the customer-message language with the templates; templates left out take that language’s default', async () => {
		const { reminder, isolir, receipt } = DEFAULT_TEMPLATES_EN;
		await callerAs(admin).settings.saveTemplates({ language: 'en', reminder, isolir, receipt });
		expect((await callerAs(admin).settings.get()).templates).toEqual({ language: 'en', ...DEFAULT_TEMPLATES_EN });
		// A client that does not send the language keeps the stored one.
		await callerAs(admin).settings.saveTemplates({ ...DEFAULT_TEMPLATES_EN, reminder: 'Hi {nama}' });
		expect((await callerAs(admin).settings.get()).templates.language).toBe('en');
		const bad = await errorOf(callerAs({ ...admin, language: 'en' }, 'en').settings.saveTemplates({ ...DEFAULT_TEMPLATES, language: 'fr' as 'en' }));
		expect(bad.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(bad, 'en').language?.[0]).toMatch(/id, en/);
		await callerAs(admin).settings.saveTemplates({ language: 'id', ...DEFAULT_TEMPLATES });
	});

	it('store a valid time zone, refuse an unknown one, and apply the stored one at start-up', async () => {
		const err = await errorOf(callerAs(admin).settings.saveTimeZone({ timeZone: 'Asia/Bandung' }));
		expect(fieldErrorsOf(err)).toEqual({ timeZone: ['Zona waktu tidak dikenal (contoh: Asia/Jakarta).'] });
		const saved = await callerAs(admin).settings.saveTimeZone({ timeZone: 'Asia/Makassar' });
		expect(saved).toEqual({ stored: 'Asia/Makassar', active: 'Asia/Jakarta' });
		expect((await callerAs(admin).settings.get()).timeZone).toMatchObject({ stored: 'Asia/Makassar', active: 'Asia/Jakarta' });

		setConfigForTests(testConfig(t.url));
		expect(await applyStoredTimeZone(t.db)).toBe('Asia/Makassar');
		expect(getConfig().ISP_TIMEZONE).toBe('Asia/Makassar');
		setConfigForTests(undefined);
	});

	it('put a saved zone in force at once on a running server', async () => {
		setConfigForTests(testConfig(t.url));
		followStoredTimeZone(t.db);
		try {
			const saved = await callerAs(admin).settings.saveTimeZone({ timeZone: 'Asia/Jayapura' });
			expect(saved).toEqual({ stored: 'Asia/Jayapura', active: 'Asia/Jayapura' });
			expect(getConfig().ISP_TIMEZONE).toBe('Asia/Jayapura');
		} finally {
			await stopFollowingTimeZone();
			setConfigForTests(undefined);
		}
	});

	it('save technician offline days where the sync code reads them', async () => {
		expect(await callerAs(admin).settings.saveOfflineDays({ days: 7 })).toEqual({ days: 7 });
		expect(await offlineDays(t.db)).toBe(7);
		const err = await errorOf(callerAs(admin, 'en').settings.saveOfflineDays({ days: 0 }));
		expect(fieldErrorsOf(err, 'en')).toEqual({ days: ['Enter a number of days from 1 to 365.'] });
		expect(await offlineDays(t.db)).toBe(7);
	});
});
