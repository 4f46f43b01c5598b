import { describe, expect, it } from 'vitest';
import {
	DEFAULT_TEMPLATES,
	DEFAULT_TEMPLATES_EN,
	TEMPLATE_KINDS,
	TEMPLATE_PLACEHOLDERS,
	messageTemplatesSchema,
	placeholderList,
	receiptMessageText,
	renderTemplate,
	compileTemplate,
	previewValues,
	sampleValues,
	unknownPlaceholders
} from './templates';
import { formatRupiah } from './money';

describe('message templates', () => {
	it('fill every placeholder of a reminder, each as often as it appears', () => {
		const template = '{nama} {kode} {paket} {periode} {jumlah} {jatuh_tempo} {link_bayar} {isp} / {nama}';
		const text = renderTemplate('reminder', template, {
			nama: 'Siti Aminah',
			kode: 'C000123',
			paket: 'Rumah 10 Mbps',
			periode: '5 Nov 2026 – 4 Des 2026',
			jumlah: formatRupiah(1250000),
			jatuh_tempo: '15 Nov 2026',
			link_bayar: 'https://billing.example.net/pay/abc',
			isp: 'Net Kampung'
		});
		expect(text).toBe('Siti Aminah C000123 Rumah 10 Mbps 5 Nov 2026 – 4 Des 2026 Rp 1.250.000 15 Nov 2026 https://billing.example.net/pay/abc Net Kampung / Siti Aminah');
	});

	it('fill the receipt placeholders, which differ from the bill ones', () => {
		const all = TEMPLATE_PLACEHOLDERS.receipt.map((p) => `{${p}}`).join('|');
		const text = renderTemplate('receipt', all, { nama: 'A', kode: 'B', periode: 'C', jumlah: formatRupiah(150000), nomor: 'RCP-202611-000001', tanggal: 'D', isp: 'E' });
		expect(text).toBe('A|B|C|Rp 150.000|RCP-202611-000001|D|E');
		expect(unknownPlaceholders('receipt', 'Bayar di {link_bayar}')).toEqual(['link_bayar']);
	});

	it('values are inserted literally, so a name with $& or braces does not break the text', () => {
		const values = { ...sampleValues('reminder', 'ISP', 'https://x'), nama: "O'Neil $& {kode}" };
		expect(renderTemplate('reminder', 'Yth. {nama}', values)).toBe("Yth. O'Neil $& {kode}");
	});

	it('compile a template once and fill it many times with the same result as rendering it', () => {
		const template = '{nama}{nama} – {salah} {jumlah}. {isp}';
		const fill = compileTemplate('reminder', template);
		for (const name of ['Siti', 'Budi $1']) {
			const values = { ...sampleValues('reminder', 'ISP', 'https://x'), nama: name };
			expect(fill(values)).toBe(renderTemplate('reminder', template, values));
			expect(fill(values)).toBe(`${name}${name} – {salah} ${values.jumlah}. ISP`);
		}
		expect(compileTemplate('reminder', 'tanpa isian')(sampleValues('reminder', 'ISP', 'https://x'))).toBe('tanpa isian');
	});

	it('preview with a real customer’s bill where the customer has one, the sample values for the rest', () => {
		const customer = { customerName: 'Yanti', customerCode: 'C000042', packageName: 'Hemat 5 Mbps', periodStart: '2026-05-01', periodEnd: '2026-05-31', dueDate: '2026-05-10', outstanding: 99_000, payToken: 'tok' };
		expect(previewValues('reminder', 'Net', 'https://b', 'en', customer)).toEqual({
			nama: 'Yanti',
			kode: 'C000042',
			paket: 'Hemat 5 Mbps',
			periode: '1 May 2026 – 31 May 2026',
			jumlah: 'Rp 99.000',
			jatuh_tempo: '10 May 2026',
			link_bayar: 'https://b/pay/tok',
			isp: 'Net'
		});
		expect(previewValues('receipt', 'Net', 'https://b', 'id', customer)).toMatchObject({ nama: 'Yanti', periode: '1 Mei 2026 – 31 Mei 2026', nomor: 'RCP-202611-000123' });
		expect(previewValues('handover', 'Net', 'https://b', 'id', customer)).toEqual(sampleValues('handover', 'Net', 'https://b'));
		expect(previewValues('reminder', 'Net', 'https://b', 'id', null)).toEqual(sampleValues('reminder', 'Net', 'https://b'));
	});

	it('report unknown placeholders once each, in order, and leave them as written when rendering', () => {
		expect(unknownPlaceholders('reminder', 'Halo {nama_pelanggan}, {Nama} {nama} {nama_pelanggan} {total}')).toEqual(['nama_pelanggan', 'Nama', 'total']);
		expect(unknownPlaceholders('reminder', 'Kurung kurawal kosong {} dan { spasi } bukan placeholder')).toEqual([]);
		expect(renderTemplate('reminder', 'Halo {nama} {salah}', sampleValues('reminder', 'ISP', 'https://x'))).toBe('Halo Siti Aminah {salah}');
	});

	it('ship Indonesian defaults that use only known placeholders, and fall back to them per template', () => {
		for (const kind of TEMPLATE_KINDS) expect(unknownPlaceholders(kind, DEFAULT_TEMPLATES[kind])).toEqual([]);
		expect(DEFAULT_TEMPLATES.reminder).toContain('{link_bayar}');
		expect(DEFAULT_TEMPLATES.isolir).toMatch(/diisolir/);
		expect(messageTemplatesSchema.parse({ reminder: 'Halo {nama}' })).toEqual({ language: 'id', ...DEFAULT_TEMPLATES, reminder: 'Halo {nama}' });
	});

	it('ship English defaults with the same placeholders, used when the customer-message language is English', () => {
		for (const kind of TEMPLATE_KINDS) {
			expect(unknownPlaceholders(kind, DEFAULT_TEMPLATES_EN[kind])).toEqual([]);
			const used = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
			expect(used(DEFAULT_TEMPLATES_EN[kind])).toEqual(used(DEFAULT_TEMPLATES[kind]));
			expect(DEFAULT_TEMPLATES_EN[kind]).not.toBe(DEFAULT_TEMPLATES[kind]);
		}
		expect(messageTemplatesSchema.parse({ language: 'en', receipt: 'Thanks {nama}' })).toEqual({ language: 'en', ...DEFAULT_TEMPLATES_EN, receipt: 'Thanks {nama}' });
		expect(sampleValues('reminder', 'Net', 'https://b', 'en').periode).toBe('5 Nov 2026 – 4 Dec 2026');
		expect(sampleValues('reminder', 'Net', 'https://b').periode).toBe('5 Nov 2026 – 4 Des 2026');
		expect(placeholderList('isolir')).toBe('{nama}, {kode}, {paket}, {periode}, {jumlah}, {jatuh_tempo}, {link_bayar}, {isp}');
	});

	it('format rupiah the Indonesian way in sample data', () => {
		expect(sampleValues('reminder', 'Net', 'https://b').jumlah).toBe('Rp 150.000');
		expect(formatRupiah(1000000000)).toBe('Rp 1.000.000.000');
	});

	it('write the receipt message the same for the office and the phone: Indonesian dates in the ISP zone', () => {
		const facts = {
			ispName: 'Sinar Net',
			customerName: 'Budi Santoso',
			customerCode: 'C000007',
			periods: [{ start: '2026-11-01', end: '2026-11-30' }],
			amount: 150_000,
			// 23:30 on 30 Nov in UTC is already 1 Dec in Jakarta.
			receivedAt: new Date('2026-11-30T23:30:00Z'),
			timeZone: 'Asia/Jakarta',
			receiptNumber: 'RCP-202612-000042'
		};
		expect(receiptMessageText('{nama} ({kode}) {jumlah} {periode} {tanggal} {nomor} — {isp}', facts)).toBe(
			'Budi Santoso (C000007) Rp 150.000 1 Nov 2026 – 30 Nov 2026 1 Des 2026 RCP-202612-000042 — Sinar Net'
		);
		expect(receiptMessageText(DEFAULT_TEMPLATES.receipt, { ...facts, periods: [] })).toContain('untuk periode —');
		// An English-writing ISP: the phone and the office write English dates too.
		expect(receiptMessageText('{periode} {tanggal}', { ...facts, language: 'en' })).toBe('1 Nov 2026 – 30 Nov 2026 1 Dec 2026');
	});
});
