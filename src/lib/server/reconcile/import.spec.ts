import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull, like } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeIsp, type Isp } from '../../../../tests/fixtures';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../tests/trpc';
import { areas, auditLog, customers, invoices, packages, routerJobs, subscriptions } from '../db/schema';
import { runBilling } from '../billing/billing-run';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import type { RouterOsSimulator } from '../routeros-sim/index';
import type { RouterRow } from '../router-jobs/job-context';
import { decryptSecret } from '../crypto/secret-box';
import { importHandler, importPreviewHandler, type ImportPreview } from './import';
import { customerOf } from './import-mapping';
import { registerRouter, runJob, startSim, TEST_SECRETS_KEY } from './test-harness';
import type { SessionUser } from '../auth/session';

let t: TestDatabase;
let isp: Isp;
let s: RouterOsSimulator;
let router: RouterRow;
let hotspotPackage: string;
let office: SessionUser;
const tester = trpcTester(() => t);

const PPP_ACCOUNTS = 24;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db); // package on router profile 'paket-10m'
	office = await tester.makeUser('office');
	hotspotPackage = randomUUID();
	await t.db.insert(packages).values({ id: hotspotPackage, name: 'Voucher Hotspot', price: 50000, serviceType: 'hotspot', routerProfile: 'hs-5m', rateLimit: '5M/5M' });
	s = await startSim({ autoConnect: false });
	router = await registerRouter(t.db, s, { method: 'profile', name: 'Tower Utara' });
	const ppp = s.state.menu('/ppp/secret');
	for (const name of ['paket-10m', 'paket-20m', 'isolir']) s.state.menu('/ppp/profile').add({ name });
	s.state.menu('/ip/hotspot/user/profile').add({ name: 'hs-5m' });
	for (let i = 1; i <= PPP_ACCOUNTS; i++) {
		ppp.add({ name: `pel${String(i).padStart(2, '0')}`, password: `rahasia${i}`, service: 'pppoe', profile: 'paket-10m', comment: `Pelanggan ${i}` });
	}
	ppp.add({ name: 'warung-bu-siti', password: 'kopi123', service: 'pppoe', profile: 'paket-10m', comment: 'Siti Nurhaliza — Warung Kopi ☕ 0812-3456-7890' });
	ppp.add({ name: 'tanpa-komentar', password: 'x1', service: 'pppoe', profile: 'paket-10m' });
	ppp.add({ name: 'nunggak', password: 'x2', service: 'pppoe', profile: 'isolir', comment: 'Pak Joko' });
	ppp.add({ name: 'mati', password: 'x3', service: 'pppoe', profile: 'paket-10m', disabled: 'true', comment: 'Bu Ani' });
	ppp.add({ name: 'vip', password: 'x4', service: 'pppoe', profile: 'paket-20m', comment: 'Kantor Desa' });
	s.state.menu('/ip/hotspot/user').add({ name: 'hs-andi', password: 'hs1', profile: 'hs-5m', comment: 'Andi' });
	s.state.menu('/ip/hotspot/user').add({ name: 'hs-budi', password: 'hs2', profile: 'hs-5m' });
	// Not subscribers: the ISP's own VPN tunnel and the router's built-in trial user.
	ppp.add({ name: 'vpn-kantor', password: 'v', service: 'pptp', profile: 'paket-10m' });
	s.state.menu('/ip/hotspot/user').add({ name: 'default-trial', profile: 'hs-5m' });
	// Already a Lunas subscription on this router: never imported again.
	const customerId = randomUUID();
	await t.db.insert(customers).values({ id: customerId, code: 'C900001', name: 'Sudah Ada', address: '', areaId: isp.areaId });
	await t.db.insert(subscriptions).values({ id: randomUUID(), customerId, packageId: isp.packageId, routerId: router.id, serviceUsername: 'pel01', liveServiceUsername: 'pel01', billingDay: 1, startDate: '2026-11-01' });
});
afterAll(async () => {
	await s?.close();
	await t?.drop();
});

const mapping = [
	{ service: 'pppoe' as const, profile: 'paket-10m', packageId: '' },
	{ service: 'pppoe' as const, profile: 'isolir', packageId: '' },
	{ service: 'hotspot' as const, profile: 'hs-5m', packageId: '' },
	{ service: 'pppoe' as const, profile: 'paket-20m', packageId: null }
];
const chosenMapping = () =>
	mapping.map((m) => ({ ...m, packageId: m.packageId === null ? null : m.service === 'hotspot' ? hotspotPackage : isp.packageId }));
const importedSubs = () =>
	t.db.select().from(subscriptions).innerJoin(customers, eq(customers.id, subscriptions.customerId)).where(and(eq(subscriptions.routerId, router.id), like(customers.notes, 'Diimpor%')));

describe('customer name and phone from a comment', () => {
	it('takes the name from the comment and a phone out of it, else the account name', () => {
		expect(customerOf({ name: 'a', comment: 'Siti Nurhaliza — Warung Kopi ☕ 0812-3456-7890' })).toEqual({ name: 'Siti Nurhaliza — Warung Kopi ☕', phone: '081234567890' });
		expect(customerOf({ name: 'a', comment: '+62 812 1111 2222 / Budi' })).toEqual({ name: 'Budi', phone: '081211112222' });
		expect(customerOf({ name: 'budi.s', comment: null })).toEqual({ name: 'budi.s', phone: null });
		expect(customerOf({ name: 'x', comment: '0812345' })).toEqual({ name: '0812345', phone: null });
	});
});

describe('import preview', () => {
	it('lists every account with its future customer, skips the ones Lunas has, maps profiles to packages', async () => {
		const { result } = await runJob(t.db, s, router.id, importPreviewHandler, { action: 'import-preview' });
		const preview = result as unknown as ImportPreview;
		expect(preview.total).toBe(PPP_ACCOUNTS + 6 + 2);
		expect(preview.existing).toBe(1);
		expect(preview.toCreate).toBe(PPP_ACCOUNTS + 5 + 2 - 1);
		expect(preview.rows.find((r) => r.name === 'vpn-kantor')?.skip).toBe('notPppoe');
		expect(preview.rows.some((r) => r.name === 'default-trial')).toBe(false);
		expect(preview.isolated).toBe(2);
		const row = (name: string) => preview.rows.find((r) => r.name === name);
		expect(row('pel01')?.skip).toBe('existing');
		expect(row('warung-bu-siti')).toMatchObject({ customerName: 'Siti Nurhaliza — Warung Kopi ☕', phone: '081234567890', isolated: false, skip: null });
		expect(row('nunggak')).toMatchObject({ isolated: true, customerName: 'Pak Joko' });
		expect(row('mati')?.isolated).toBe(true);
		expect(row('hs-budi')).toMatchObject({ service: 'hotspot', customerName: 'hs-budi' });
		expect(JSON.stringify(preview)).not.toContain('rahasia');
		const profiles = Object.fromEntries(preview.profiles.map((p) => [`${p.service}:${p.profile}`, p]));
		expect(profiles['pppoe:paket-10m']).toMatchObject({ count: PPP_ACCOUNTS - 1 + 3, suggestedPackageId: isp.packageId, isolir: false });
		expect(profiles['pppoe:isolir']).toMatchObject({ count: 1, suggestedPackageId: null, isolir: true });
		expect(profiles['pppoe:paket-20m']).toMatchObject({ count: 1, suggestedPackageId: null });
		expect(profiles['hotspot:hs-5m']).toMatchObject({ count: 2, suggestedPackageId: hotspotPackage });
	});
});

describe('import', () => {
	let firstJob: number;

	it('creates one customer + subscription per mapped account, with progress, and refuses bad forms', async () => {
		const caller = tester.callerAs(office);
		const { jobId: previewJobId } = await caller.routerSync.startPreview({ routerId: router.id });
		const base = { routerId: router.id, previewJobId, areaId: isp.areaId, startDate: '2026-12-01', billingDay: 1, mapping: chosenMapping() };
		// The preview job has not run yet.
		expect(fieldErrorsOf(await errorOf(caller.routerSync.startImport(base)))).toHaveProperty('previewJobId');
		await runJob(t.db, s, router.id, importPreviewHandler, { action: 'import-preview' });
		await t.db.update(routerJobs).set({ status: 'done' }).where(eq(routerJobs.id, previewJobId));
		const wrongService = chosenMapping().map((m) => (m.service === 'hotspot' ? { ...m, packageId: isp.packageId } : m));
		expect(Object.keys(fieldErrorsOf(await errorOf(caller.routerSync.startImport({ ...base, mapping: wrongService }))))).toEqual(['mapping.hotspot:hs-5m']);
		expect(fieldErrorsOf(await errorOf(caller.routerSync.startImport({ ...base, areaId: randomUUID() })))).toHaveProperty('areaId');

		const queued = await caller.routerSync.startImport(base);
		expect(await caller.routerSync.startImport(base)).toEqual(queued);
		const [job] = await t.db.select().from(routerJobs).where(eq(routerJobs.id, queued.jobId));
		expect(job).toMatchObject({ action: 'import', status: 'queued', requestedBy: office.id });

		const run = await runJob(t.db, s, router.id, importHandler, { action: 'import', payload: job.payload as Record<string, unknown>, requestedBy: office.id });
		firstJob = run.jobId;
		expect(run.result).toMatchObject({ total: 32, created: 29, existing: 1, unmapped: 1, notPppoe: 1, failed: 0, skipped: 3 });
		expect(run.progress.at(-1)).toEqual([32, 32]);
		expect(run.progress.length).toBeGreaterThan(2);

		const rows = await importedSubs();
		expect(rows).toHaveLength(29);
		const byName = new Map(rows.map((r) => [r.subscriptions.serviceUsername, r]));
		const siti = byName.get('warung-bu-siti')!;
		expect(siti.customers).toMatchObject({ name: 'Siti Nurhaliza — Warung Kopi ☕', phone: '081234567890', areaId: isp.areaId, createdBy: office.id });
		expect(siti.customers.code).toMatch(/^C\d{6}$/);
		expect(siti.subscriptions).toMatchObject({ packageId: isp.packageId, billingDay: 1, startDate: '2026-12-01', status: 'active', desiredRouterState: 'active', confirmedRouterState: 'active', liveServiceUsername: 'warung-bu-siti' });
		expect(siti.subscriptions.servicePasswordEnc).not.toContain('kopi123');
		expect(decryptSecret(siti.subscriptions.servicePasswordEnc!, TEST_SECRETS_KEY)).toBe('kopi123');
		expect(byName.get('nunggak')?.subscriptions).toMatchObject({ status: 'isolated', desiredRouterState: 'isolated', isolationReason: 'manual' });
		expect(byName.get('mati')?.subscriptions.status).toBe('isolated');
		expect(byName.get('hs-andi')?.subscriptions.packageId).toBe(hotspotPackage);
		expect(byName.has('vip')).toBe(false);
		// Customer codes are gap-free and distinct.
		expect(new Set(rows.map((r) => r.customers.code)).size).toBe(29);
		// The router was only read: no router job was queued for the new subscriptions.
		expect(await t.db.select().from(routerJobs).where(eq(routerJobs.action, 'provision'))).toEqual([]);
		expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'subscription.import'))).toHaveLength(29);
	});

	it('creates nothing twice when the same router is imported again', async () => {
		const customersBefore = (await t.db.select({ id: customers.id }).from(customers)).length;
		const preview = await runJob(t.db, s, router.id, importPreviewHandler, { action: 'import-preview' });
		expect(preview.result).toMatchObject({ toCreate: 1, existing: 30 });
		const again = await runJob(t.db, s, router.id, importHandler, {
			action: 'import',
			payload: { areaId: isp.areaId, startDate: '2026-12-01', billingDay: 1, mapping: chosenMapping() }
		});
		expect(again.result).toMatchObject({ created: 0, existing: 30, unmapped: 1 });
		expect((await t.db.select({ id: customers.id }).from(customers)).length).toBe(customersBefore);
		expect(firstJob).toBeLessThan(again.jobId);
	});

	it('rolls back the customer too when the UNIQUE key refuses the subscription', async () => {
		// A soft-deleted subscription still holds its name on this router: the import does not see it
		// as live, so only the UNIQUE (router_id, live_service_username) key stops the second copy.
		s.state.menu('/ppp/secret').add({ name: 'baru', password: 'b', service: 'pppoe', profile: 'paket-10m', comment: 'Orang Baru' });
		const holder = randomUUID();
		await t.db.insert(customers).values({ id: holder, code: 'C900002', name: 'Pemegang', address: '', areaId: isp.areaId });
		await t.db.insert(subscriptions).values({ id: randomUUID(), customerId: holder, packageId: isp.packageId, routerId: router.id, serviceUsername: 'baru', liveServiceUsername: 'baru', billingDay: 1, startDate: '2026-11-01', deletedAt: new Date() });
		const run = await runJob(t.db, s, router.id, importHandler, {
			action: 'import',
			payload: { areaId: isp.areaId, startDate: '2026-12-01', billingDay: 1, mapping: chosenMapping() }
		});
		expect(run.result).toMatchObject({ created: 0, existing: 31, failed: 0 });
		expect(await t.db.select().from(customers).where(and(eq(customers.name, 'Orang Baru'), isNull(customers.deletedAt)))).toEqual([]);
	});

	it('dead-letters a job whose payload is not a valid form', async () => {
		await expect(runJob(t.db, s, router.id, importHandler, { action: 'import', payload: { areaId: 'nope' } })).rejects.toThrow(/payload is invalid/);
	});
});

describe('import defaults and per-account choices', () => {
	let sim: RouterOsSimulator;
	let here: RouterRow;
	beforeAll(async () => {
		sim = await startSim({ autoConnect: false });
		sim.state.menu('/ppp/profile').add({ name: 'paket-10m' });
		for (const [name, comment] of [
			['rw-andi', 'Andi'],
			['pos-ronda', 'Pos ronda RW 05 gratis dari RW'],
			['teknisi-lama', 'Akun uji teknisi'],
			['rw-beni', 'Beni']
		]) {
			sim.state.menu('/ppp/secret').add({ name, password: 'p', service: 'pppoe', profile: 'paket-10m', comment });
		}
		here = await registerRouter(t.db, sim, { name: 'Tower Selatan' });
	});
	afterAll(async () => sim?.close());

	it("presets the area only when this router serves exactly one, and lists this router's areas first", async () => {
		const caller = tester.callerAs(office);
		const other = await registerRouter(t.db, sim, { name: 'Tower Lain' });
		// Alphabetically first, but served by another router: never the default any more.
		const first = randomUUID();
		const served = randomUUID();
		await t.db.insert(areas).values([
			{ id: first, name: 'AAA Blok Lain', routerId: other.id },
			{ id: served, name: 'ZZZ Blok Selatan', routerId: here.id }
		]);
		let form = await caller.routerSync.importForm({ routerId: here.id });
		expect(form.defaultAreaId).toBe(served);
		expect(form.areas[0]).toEqual({ id: served, name: 'ZZZ Blok Selatan', servedHere: true });
		expect(form.areas.find((a) => a.id === first)?.servedHere).toBe(false);

		// Two areas on this router: ambiguous, the office must choose.
		const second = randomUUID();
		await t.db.insert(areas).values({ id: second, name: 'MMM Blok Selatan 2', routerId: here.id });
		form = await caller.routerSync.importForm({ routerId: here.id });
		expect(form.defaultAreaId).toBeNull();
		expect(form.areas.slice(0, 2).map((a) => a.id)).toEqual([second, served]);
		// A router serving no area has no default either.
		expect((await caller.routerSync.importForm({ routerId: other.id })).defaultAreaId).toBe(first);
		expect((await caller.routerSync.importForm({ routerId: router.id })).defaultAreaId).toBeNull();
		// Without an area the import is refused, naming the field.
		const { jobId: previewJobId } = await caller.routerSync.startPreview({ routerId: here.id });
		await runJob(t.db, sim, here.id, importPreviewHandler, { action: 'import-preview' });
		await t.db.update(routerJobs).set({ status: 'done' }).where(eq(routerJobs.id, previewJobId));
		expect(fieldErrorsOf(await errorOf(caller.routerSync.startImport({ routerId: here.id, previewJobId, areaId: '', startDate: '2026-12-01', billingDay: 1, mapping: chosenMapping() })))).toHaveProperty('areaId');
	});

	it('leaves excluded accounts on the router only, imports complimentary ones that billing never invoices', async () => {
		const caller = tester.callerAs(office);
		const { jobId: previewJobId } = await caller.routerSync.startPreview({ routerId: here.id });
		await runJob(t.db, sim, here.id, importPreviewHandler, { action: 'import-preview' });
		await t.db.update(routerJobs).set({ status: 'done' }).where(eq(routerJobs.id, previewJobId));
		const accounts = [
			{ service: 'pppoe' as const, name: 'teknisi-lama', mode: 'exclude' as const },
			{ service: 'pppoe' as const, name: 'pos-ronda', mode: 'complimentary' as const },
			// An account that is not on the router changes nothing.
			{ service: 'pppoe' as const, name: 'tidak-ada', mode: 'exclude' as const }
		];
		expect(fieldErrorsOf(await errorOf(caller.routerSync.startImport({ routerId: here.id, previewJobId, areaId: isp.areaId, startDate: '2026-12-01', billingDay: 1, mapping: chosenMapping(), accounts: [{ service: 'pppoe', name: 'x', mode: 'free' as never }] })))).toHaveProperty('accounts.0.mode');
		const { jobId } = await caller.routerSync.startImport({ routerId: here.id, previewJobId, areaId: isp.areaId, startDate: '2026-12-01', billingDay: 1, mapping: chosenMapping(), accounts });
		const [job] = await t.db.select().from(routerJobs).where(eq(routerJobs.id, jobId));
		const run = await runJob(t.db, sim, here.id, importHandler, { action: 'import', payload: job.payload as Record<string, unknown>, requestedBy: office.id });
		expect(run.result).toMatchObject({ total: 4, created: 3, complimentary: 1, excluded: 1, skipped: 1, failed: 0 });

		const subs = await t.db.select().from(subscriptions).where(eq(subscriptions.routerId, here.id));
		const byName = new Map(subs.map((r) => [r.serviceUsername, r]));
		expect([...byName.keys()].sort()).toEqual(['pos-ronda', 'rw-andi', 'rw-beni']);
		expect(byName.get('pos-ronda')).toMatchObject({ complimentary: true, status: 'active', desiredRouterState: 'active' });
		expect(byName.get('rw-andi')?.complimentary).toBe(false);

		await runBilling(t.db, { today: '2026-12-01', rules: DEFAULT_BILLING_RULES });
		const billed = await t.db.select({ sub: invoices.subscriptionId }).from(invoices);
		const billedSubs = new Set(billed.map((b) => b.sub));
		expect(billedSubs.has(byName.get('rw-andi')!.id)).toBe(true);
		expect(billedSubs.has(byName.get('pos-ronda')!.id)).toBe(false);

		// Read again: the excluded account is still offered, the complimentary one is in Lunas.
		const again = await runJob(t.db, sim, here.id, importPreviewHandler, { action: 'import-preview' });
		const preview = again.result as unknown as ImportPreview;
		expect(preview).toMatchObject({ total: 4, toCreate: 1, existing: 3 });
		expect(preview.rows.filter((r) => !r.skip).map((r) => r.name)).toEqual(['teknisi-lama']);
	});
});

describe('a large import', () => {
	it('hands the rest to a continuation job when its time budget runs out, and the chain adds up', async () => {
		const big = await startSim({ autoConnect: false });
		try {
			big.state.menu('/ppp/profile').add({ name: 'paket-10m' });
			for (let i = 0; i < 12; i++) big.state.menu('/ppp/secret').add({ name: `b${String(i).padStart(3, '0')}`, password: 'p', service: 'pppoe', profile: 'paket-10m' });
			const bigRouter = await registerRouter(t.db, big, { name: 'Tower Besar' });
			const payload = { areaId: isp.areaId, startDate: '2026-12-01', billingDay: 1, mapping: chosenMapping(), timeBudgetMs: 1 };
			let run = await runJob(t.db, big, bigRouter.id, importHandler, { action: 'import', payload });
			let hops = 0;
			while (run.result.continuedBy) {
				hops += 1;
				const [next] = await t.db.select().from(routerJobs).where(eq(routerJobs.id, run.result.continuedBy as number));
				expect(next).toMatchObject({ action: 'import', status: 'queued' });
				run = await runJob(t.db, big, bigRouter.id, importHandler, { action: 'import', payload: next.payload as Record<string, unknown> });
			}
			expect(hops).toBeGreaterThan(1);
			expect(run.result).toMatchObject({ total: 12, created: 12, existing: 0, skipped: 0 });
			expect(await t.db.select().from(subscriptions).where(eq(subscriptions.routerId, bigRouter.id))).toHaveLength(12);
		} finally {
			await big.close();
		}
	});
});
