/**
 * WhatsApp message templates (reminder, receipt, isolation notice) with `{placeholder}` fields.
 * Shared so the settings page previews exactly what the server will send. A template may only
 * use its own placeholders: a typo such as `{nama_pelanggan}` would otherwise reach hundreds of
 * customers verbatim, so it is refused when saved.
 */
import { z } from 'zod';
import { text } from './schemas/text';
import { formatRupiah } from './money';
import { formatDate } from './i18n/index';

export const MESSAGE_TEMPLATES_KEY = 'messages.templates';

/**
 * One template per WhatsApp event (docs/WHATSAPP.md): `reminder` is "N days before due",
 * `handover` goes to the technician whose cash hand-over was confirmed.
 */
export const TEMPLATE_KINDS = ['reminder', 'isolir', 'receipt', 'invoice', 'due_today', 'restored', 'handover'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

const BILL_PLACEHOLDERS = ['nama', 'kode', 'paket', 'periode', 'jumlah', 'jatuh_tempo', 'link_bayar', 'isp'] as const;

export const TEMPLATE_PLACEHOLDERS = {
	reminder: BILL_PLACEHOLDERS,
	isolir: BILL_PLACEHOLDERS,
	receipt: ['nama', 'kode', 'periode', 'jumlah', 'nomor', 'tanggal', 'isp'] as const,
	invoice: BILL_PLACEHOLDERS,
	due_today: BILL_PLACEHOLDERS,
	restored: ['nama', 'kode', 'paket', 'isp'] as const,
	handover: ['nama', 'jumlah', 'dihitung', 'tanggal', 'isp'] as const
} satisfies Record<TemplateKind, readonly string[]>;

export type Placeholder<K extends TemplateKind> = (typeof TEMPLATE_PLACEHOLDERS)[K][number];
export type TemplateValues<K extends TemplateKind> = Record<Placeholder<K>, string>;

export const DEFAULT_TEMPLATES: Record<TemplateKind, string> = {
	reminder:
		'Yth. {nama} ({kode}),\n' +
		'tagihan internet {isp} paket {paket} periode {periode} sebesar {jumlah} jatuh tempo {jatuh_tempo}.\n' +
		'Bayar mudah lewat tautan ini: {link_bayar}\n' +
		'Abaikan pesan ini bila sudah membayar. Terima kasih.',
	isolir:
		'Yth. {nama} ({kode}),\n' +
		'layanan internet {isp} Anda sedang diisolir karena tagihan periode {periode} sebesar {jumlah} (jatuh tempo {jatuh_tempo}) belum dibayar.\n' +
		'Bayar lewat {link_bayar} dan layanan aktif kembali dalam satu menit. Terima kasih.',
	receipt:
		'Terima kasih {nama} ({kode}).\n' +
		'Pembayaran {jumlah} untuk periode {periode} sudah kami terima pada {tanggal} (kuitansi {nomor}).\n' +
		'— {isp}',
	invoice:
		'Yth. {nama} ({kode}),\n' +
		'tagihan internet {isp} paket {paket} periode {periode} sudah terbit: {jumlah}, jatuh tempo {jatuh_tempo}.\n' +
		'Bayar lewat tautan ini: {link_bayar}\n' +
		'Terima kasih.',
	due_today:
		'Yth. {nama} ({kode}),\n' +
		'tagihan internet {isp} periode {periode} sebesar {jumlah} jatuh tempo hari ini.\n' +
		'Bayar lewat tautan ini agar layanan tidak terputus: {link_bayar}\n' +
		'Abaikan pesan ini bila sudah membayar. Terima kasih.',
	restored:
		'Yth. {nama} ({kode}),\n' +
		'terima kasih, layanan internet {isp} paket {paket} Anda sudah aktif kembali.',
	handover:
		'Halo {nama}, setoran tunai Anda sebesar {jumlah} sudah diterima kantor pada {tanggal} (dihitung: {dihitung}).\n' +
		'— {isp}'
};

export const TEMPLATE_MAX = 1000;

const PLACEHOLDER = /\{([^{}\s]{1,40})\}/g;

/** Placeholders a template uses that its kind does not know, each once, in order of appearance. */
export function unknownPlaceholders(kind: TemplateKind, template: string): string[] {
	const known: readonly string[] = TEMPLATE_PLACEHOLDERS[kind];
	const unknown: string[] = [];
	for (const [, name] of template.matchAll(PLACEHOLDER)) {
		if (!known.includes(name) && !unknown.includes(name)) unknown.push(name);
	}
	return unknown;
}

/**
 * A template parsed once into its literal pieces and placeholders, for filling many times: the
 * daily reminders fill one template for every customer, and parsing it per message cost more than
 * writing the message. Every known placeholder is replaced; anything else in braces stays as written.
 */
export function compileTemplate<K extends TemplateKind>(kind: K, template: string): (values: TemplateValues<K>) => string {
	const known: readonly string[] = TEMPLATE_PLACEHOLDERS[kind];
	const literals: string[] = [];
	const names: string[] = [];
	let last = 0;
	for (const m of template.matchAll(PLACEHOLDER)) {
		if (!known.includes(m[1])) continue;
		literals.push(template.slice(last, m.index));
		names.push(m[1]);
		last = m.index + m[0].length;
	}
	const tail = template.slice(last);
	return (values) => {
		const v = values as Record<string, string>;
		let out = '';
		for (let i = 0; i < names.length; i++) out += literals[i] + v[names[i]];
		return out + tail;
	};
}

/** Fills a template once (see compileTemplate). */
export function renderTemplate<K extends TemplateKind>(kind: K, template: string, values: TemplateValues<K>): string {
	return compileTemplate(kind, template)(values);
}

const templateText = text({ multiline: true }).trim().min(1).max(TEMPLATE_MAX);

/** The stored templates; a missing one falls back to its Indonesian default. */
export const messageTemplatesSchema = z.object({
	reminder: templateText.default(DEFAULT_TEMPLATES.reminder),
	isolir: templateText.default(DEFAULT_TEMPLATES.isolir),
	receipt: templateText.default(DEFAULT_TEMPLATES.receipt),
	invoice: templateText.default(DEFAULT_TEMPLATES.invoice),
	due_today: templateText.default(DEFAULT_TEMPLATES.due_today),
	restored: templateText.default(DEFAULT_TEMPLATES.restored),
	handover: templateText.default(DEFAULT_TEMPLATES.handover)
});

export type MessageTemplates = z.output<typeof messageTemplatesSchema>;

/**
 * What the settings form sends: every template, each required — except that a client written
 * before the event templates existed may leave those out, which keeps (or sets) their default.
 */
export const messageTemplatesInput = z.object({
	reminder: templateText,
	isolir: templateText,
	receipt: templateText,
	invoice: templateText.default(DEFAULT_TEMPLATES.invoice),
	due_today: templateText.default(DEFAULT_TEMPLATES.due_today),
	restored: templateText.default(DEFAULT_TEMPLATES.restored),
	handover: templateText.default(DEFAULT_TEMPLATES.handover)
});

/** `{nama}, {kode}, …` for help texts and error messages. */
export function placeholderList(kind: TemplateKind): string {
	return TEMPLATE_PLACEHOLDERS[kind].map((p) => `{${p}}`).join(', ');
}

/** Sample values for the settings page's preview. */
export function sampleValues<K extends TemplateKind>(kind: K, ispName: string, publicBaseUrl: string): TemplateValues<K> {
	const common = { nama: 'Siti Aminah', kode: 'C000123', periode: '5 Nov 2026 – 4 Des 2026', jumlah: formatRupiah(150000), isp: ispName };
	const values =
		kind === 'receipt'
			? { ...common, nomor: 'RCP-202611-000123', tanggal: '14 Nov 2026' }
			: kind === 'handover'
				? { nama: 'Budi Santoso', jumlah: formatRupiah(1500000), dihitung: formatRupiah(1500000), tanggal: '14 Nov 2026', isp: ispName }
				: { ...common, paket: 'Rumah 10 Mbps', jatuh_tempo: '15 Nov 2026', link_bayar: `${publicBaseUrl}/pay/contoh` };
	return values as TemplateValues<K>;
}

/** `1 Nov 2026 – 30 Nov 2026`: a billing period as messages to customers write it (Indonesian). */
export function periodText(start: string, end: string, dateText: (day: string) => string = (day) => formatDate(day, 'id', 'UTC')): string {
	return `${dateText(start)} – ${dateText(end)}`;
}

export interface ReceiptMessageFacts {
	ispName: string;
	customerName: string;
	customerCode: string;
	/** The billing periods the payment went to; none = paid in advance / credit. */
	periods: Array<{ start: string; end: string }>;
	amount: number;
	receivedAt: Date;
	/** The ISP's zone: the date is the customer's calendar day. */
	timeZone: string;
	receiptNumber: string;
}

/** The receipt template filled for one payment: the office and a technician's phone send the same words. */
export function receiptMessageText(template: string, f: ReceiptMessageFacts): string {
	return renderTemplate('receipt', template, {
		nama: f.customerName,
		kode: f.customerCode,
		periode: f.periods.map((p) => periodText(p.start, p.end)).join(', ') || '—',
		jumlah: formatRupiah(f.amount),
		nomor: f.receiptNumber,
		tanggal: formatDate(f.receivedAt, 'id', f.timeZone),
		isp: f.ispName
	});
}
