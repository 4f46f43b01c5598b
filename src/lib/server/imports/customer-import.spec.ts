/**
 * A confirmed customer import against real MariaDB: customers written with codes and audit rows,
 * subscriptions through the form's service (router job, first invoice), and the same sheet
 * imported again — or twice at once — writes nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeIsp, makeStaff, type Isp } from '../../../../tests/fixtures';
import { areas, auditLog, customers, invoices, packages, routerJobs, subscriptions } from '../db/schema';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { translator } from '../../shared/i18n/index';
import type { SubscriptionContext } from '../billing/subscriptions';
import type { Actor } from '../trpc/actor';
import { readSheet } from './sheet';
import { previewCustomerImport } from './customer-preview';
import { importCustomers } from './customer-import';

let t: TestDatabase;
let isp: Isp;
let actor: Actor;
let ctx: SubscriptionContext;
let csv: string;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	await t.db.update(areas).set({ routerId: isp.routerId }).where(eq(areas.id, isp.areaId));
	const staff = await makeStaff(t.db, 'office');
	actor = { userId: staff.id, role: 'office', ipAddress: null, t: translator('id') };
	ctx = { timeZone: 'Asia/Jakarta', rules: DEFAULT_BILLING_RULES, actorUserId: staff.id, ipAddress: null, t: translator('id'), now: new Date('2026-11-20T03:00:00Z'), secretsKey: 'cd'.repeat(32) };
	const area = (await t.db.select().from(areas).where(eq(areas.id, isp.areaId)))[0].name;
	const pkg = (await t.db.select().from(packages).where(eq(packages.id, isp.packageId)))[0].name;
	csv = [
		'Nama;No HP;Alamat;Area;Paket;Tanggal mulai;Username;Password',
		`Bu Siti;0812 3456 7001;Jl. Melati 5;${area};${pkg};2026-11-20;imp.siti;rahasia1`,
		`Pak Budi;0812 3456 7002;Jl. Mawar 1;${area};;;;`,
		// Passes the form's schema, refused by the service: a PPPoE package needs a password.
		`Dewi;0812 3456 7003;Gg. Kenanga;${area};${pkg};2026-11-20;imp.dewi;`
	].join('\r\n');
});
afterAll(async () => t?.drop());

const column = (field: string) => field;
const preview = async () => (await previewCustomerImport(t.db, await readSheet(new TextEncoder().encode(csv)), translator('id'))).rows;

describe('importing customers', () => {
	it('writes each new customer and its subscription once, audited, and a re-import writes nothing', async () => {
		const rows = await preview();
		expect(rows.map((r) => r.status)).toEqual(['new', 'new', 'new']);
		const first = await importCustomers(t.db, rows, actor, ctx, column);
		expect(first).toMatchObject({ customersCreated: 3, customersSkipped: 0, subscriptionsCreated: 1 });
		expect(first.failed).toEqual([{ line: 4, problems: [{ column: 'serviceUsername', message: expect.stringMatching(/\S/) }] }]);

		const ids = rows.map((r) => r.customerId);
		const made = await t.db.select().from(customers).where(inArray(customers.id, ids));
		expect(made.map((c) => c.phone).sort()).toEqual(['081234567001', '081234567002', '081234567003']);
		expect(new Set(made.map((c) => c.code)).size).toBe(3);
		expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'customer.create'), inArray(auditLog.entityId, ids)))).toHaveLength(3);
		const [subscription] = await t.db.select().from(subscriptions).where(eq(subscriptions.customerId, rows[0].customerId));
		expect(subscription).toMatchObject({ serviceUsername: 'imp.siti', routerId: isp.routerId, packageId: isp.packageId });
		expect(await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, subscription.id))).toHaveLength(1);
		expect(await t.db.select().from(invoices).where(eq(invoices.subscriptionId, subscription.id))).toHaveLength(1);

		// The same sheet again: every row is already there; nothing new is written.
		const again = await preview();
		expect(again.map((r) => r.status)).toEqual(['exists', 'exists', 'exists']);
		const second = await importCustomers(t.db, again, actor, ctx, column);
		expect(second).toMatchObject({ customersCreated: 0, customersSkipped: 3, subscriptionsCreated: 0 });
		expect(await t.db.select().from(customers).where(inArray(customers.id, ids))).toHaveLength(3);
		expect(await t.db.select().from(subscriptions).where(inArray(subscriptions.customerId, ids))).toHaveLength(1);
	});

	it('writes one customer when the same confirmed preview is sent twice at once', async () => {
		csv = csv.replace(/0812 3456 700/g, '0813 3456 700').replace(/imp\./g, 'imp2.');
		const rows = await preview();
		const [a, b] = await Promise.all([importCustomers(t.db, rows, actor, ctx, column), importCustomers(t.db, rows, actor, ctx, column)]);
		expect(a.customersCreated + b.customersCreated).toBe(3);
		expect(a.subscriptionsCreated + b.subscriptionsCreated).toBe(1);
		expect(await t.db.select().from(customers).where(inArray(customers.id, rows.map((r) => r.customerId)))).toHaveLength(3);
	});
});
