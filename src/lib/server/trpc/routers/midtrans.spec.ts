import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { makeIsp, type Isp } from '../../../../../tests/fixtures';
import { errorOf, trpcTester } from '../../../../../tests/trpc';
import { isolatedDebtor } from '../../midtrans/testing';

let t: TestDatabase;
let isp: Isp;
const tester = trpcTester(() => t);

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
});
afterAll(async () => t?.drop());

describe('midtrans router', () => {
	it('gives the office the pay link and a wa.me link with an Indonesian message', async () => {
		const d = await isolatedDebtor(t.db, isp, 150000);
		const office = tester.callerAs(await tester.makeUser('office'));
		const link = await office.midtrans.payLink({ invoiceId: d.invoiceId });
		expect(link.url).toBe(`http://localhost:5173/pay/${d.payToken}`);
		expect(link.phone).toBe('6281234567890');
		expect(link.whatsappUrl.startsWith('https://wa.me/6281234567890?text=')).toBe(true);
		const text = decodeURIComponent(link.whatsappUrl.split('?text=')[1]);
		expect(text).toContain('Siti Aminah');
		expect(text).toContain('Rp 150.000');
		expect(text).toContain(link.url);
		expect(text).toBe(link.message);
		expect((await office.midtrans.trail({ invoiceId: d.invoiceId })).attempts).toEqual([]);
	});

	it('words the message with the template saved in settings, as the reminders page does', async () => {
		const d = await isolatedDebtor(t.db, isp, 90000);
		const admin = tester.callerAs(await tester.makeUser('admin'));
		const { templates, profile } = await admin.settings.get();
		await admin.settings.saveTemplates({ ...templates, reminder: 'Pengingat {nama}: {jumlah} di {link_bayar}', isolir: 'Layanan {nama} diisolir; bayar {jumlah} di {link_bayar} — {isp}' });
		try {
			const link = await admin.midtrans.payLink({ invoiceId: d.invoiceId });
			// The debtor is isolated, so the isolation notice is the message.
			expect(link.message).toBe(`Layanan Siti Aminah diisolir; bayar Rp 90.000 di ${link.url} — ${profile.name}`);
			expect(decodeURIComponent(link.whatsappUrl.split('?text=')[1])).toBe(link.message);
		} finally {
			await admin.settings.saveTemplates(templates);
		}
	});

	it('is for the office only, and checks its input', async () => {
		const d = await isolatedDebtor(t.db, isp);
		const tech = tester.callerAs(await tester.makeUser('technician', [isp.areaId]));
		expect((await errorOf(tech.midtrans.payLink({ invoiceId: d.invoiceId }))).code).toBe('FORBIDDEN');
		const office = tester.callerAs(await tester.makeUser('office'));
		expect((await errorOf(office.midtrans.trail({ invoiceId: 'not-a-uuid' }))).code).toBe('BAD_REQUEST');
		expect((await errorOf(office.midtrans.payLink({ invoiceId: '00000000-0000-4000-8000-000000000000' }))).code).toBe('NOT_FOUND');
	});
});
