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

/**
 * The ISP's customer-message language: the defaults below and the dates inside messages follow it
 * (`1 Des 2026` / `1 Dec 2026`); rupiah is `Rp 150.000` in both. Staff screens keep their own language.
 */
export const CUSTOMER_LANGUAGES = ['id', 'en'] as const;
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];

export const DEFAULT_TEMPLATES_EN: Record<TemplateKind, string> = {
	reminder:
		'Dear {nama} ({kode}),\n' +
		'your {isp} internet bill for the {paket} package, period {periode}, is {jumlah}, due on {jatuh_tempo}.\n' +
		'Pay easily with this link: {link_bayar}\n' +
		'Please ignore this message if you have already paid. Thank you.',
	isolir:
		'Dear {nama} ({kode}),\n' +
		'your {isp} internet service is suspended because the bill for {periode} of {jumlah} (due on {jatuh_tempo}) is unpaid.\n' +
		'Pay at {link_bayar} and your service is back within a minute. Thank you.',
	receipt:
		'Thank you {nama} ({kode}).\n' +
		'We received your payment of {jumlah} for {periode} on {tanggal} (receipt {nomor}).\n' +
		'— {isp}',
	invoice:
		'Dear {nama} ({kode}),\n' +
		'your {isp} internet bill for the {paket} package, period {periode}, has been issued: {jumlah}, due on {jatuh_tempo}.\n' +
		'Pay with this link: {link_bayar}\n' +
		'Thank you.',
	due_today:
		'Dear {nama} ({kode}),\n' +
		'your {isp} internet bill for {periode} of {jumlah} is due today.\n' +
		'Pay with this link to keep your service running: {link_bayar}\n' +
		'Please ignore this message if you have already paid. Thank you.',
	restored:
		'Dear {nama} ({kode}),\n' +
		'thank you, your {isp} internet service ({paket} package) is active again.',
	handover:
		'Hello {nama}, the office received your cash hand-over of {jumlah} on {tanggal} (counted: {dihitung}).\n' +
		'— {isp}'
};

export function defaultTemplates(language: CustomerLanguage): Record<TemplateKind, string> {
	return language === 'en' ? DEFAULT_TEMPLATES_EN : DEFAULT_TEMPLATES;
}

/** How a calendar day is written in messages to customers. */
export function customerDateText(language: CustomerLanguage): (day: string) => string {
	return (day) => formatDate(day, language, 'UTC');
}

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
	const { literals, names, tail } = templateParts(kind, template);
	return (values) => {
		const v = values as Record<string, string>;
		let out = '';
		for (let i = 0; i < names.length; i++) out += literals[i] + v[names[i]];
		return out + tail;
	};
}

/**
 * A template as text and placeholders in turn: `literals[i]` comes before `names[i]`, `tail` after
 * the last. The one parse of a template: the set-based reminder SQL is built from it too.
 */
export function templateParts<K extends TemplateKind>(kind: K, template: string): { literals: string[]; names: Placeholder<K>[]; tail: string } {
	const known: readonly string[] = TEMPLATE_PLACEHOLDERS[kind];
	const literals: string[] = [];
	const names: Placeholder<K>[] = [];
	let last = 0;
	for (const m of template.matchAll(PLACEHOLDER)) {
		if (!known.includes(m[1])) continue;
		literals.push(template.slice(last, m.index));
		names.push(m[1] as Placeholder<K>);
		last = m.index + m[0].length;
	}
	return { literals, names, tail: template.slice(last) };
}

/** Fills a template once (see compileTemplate). */
export function renderTemplate<K extends TemplateKind>(kind: K, template: string, values: TemplateValues<K>): string {
	return compileTemplate(kind, template)(values);
}

const templateText = text({ multiline: true }).trim().min(1).max(TEMPLATE_MAX);

/** The stored templates and their language; a missing template falls back to that language's default. */
export const messageTemplatesSchema = z
	.object({
		language: z.enum(CUSTOMER_LANGUAGES).default('id'),
		reminder: templateText.optional(),
		isolir: templateText.optional(),
		receipt: templateText.optional(),
		invoice: templateText.optional(),
		due_today: templateText.optional(),
		restored: templateText.optional(),
		handover: templateText.optional()
	})
	.transform((v) => {
		const d = defaultTemplates(v.language);
		return {
			language: v.language,
			reminder: v.reminder ?? d.reminder,
			isolir: v.isolir ?? d.isolir,
			receipt: v.receipt ?? d.receipt,
			invoice: v.invoice ?? d.invoice,
			due_today: v.due_today ?? d.due_today,
			restored: v.restored ?? d.restored,
			handover: v.handover ?? d.handover
		};
	});

export type MessageTemplates = z.output<typeof messageTemplatesSchema>;

/**
 * What the settings form sends: every template, each required — except that a client written
 * before the event templates existed may leave those out, which keeps (or sets) their default —,
 * and the customer-message language (left out: the stored one stays).
 */
export const messageTemplatesInput = z.object({
	language: z.enum(CUSTOMER_LANGUAGES).optional(),
	reminder: templateText,
	isolir: templateText,
	receipt: templateText,
	invoice: templateText.optional(),
	due_today: templateText.optional(),
	restored: templateText.optional(),
	handover: templateText.optional()
});

/** `{nama}, {kode}, …` for help texts and error messages. */
export function placeholderList(kind: TemplateKind): string {
	return TEMPLATE_PLACEHOLDERS[kind].map((p) => `{${p}}`).join(', ');
}

/** Sample values for the settings page's preview, dates written in the customer-message language. */
export function sampleValues<K extends TemplateKind>(kind: K, ispName: string, publicBaseUrl: string, language: CustomerLanguage = 'id'): TemplateValues<K> {
	const day = customerDateText(language);
	const common = { nama: 'Siti Aminah', kode: 'C000123', periode: periodText('2026-11-05', '2026-12-04', day), jumlah: formatRupiah(150000), isp: ispName };
	const values =
		kind === 'receipt'
			? { ...common, nomor: 'RCP-202611-000123', tanggal: day('2026-11-14') }
			: kind === 'handover'
				? { nama: 'Budi Santoso', jumlah: formatRupiah(1500000), dihitung: formatRupiah(1500000), tanggal: day('2026-11-14'), isp: ispName }
				: { ...common, paket: 'Rumah 10 Mbps', jatuh_tempo: day('2026-11-15'), link_bayar: `${publicBaseUrl}/pay/contoh` };
	return values as TemplateValues<K>;
}

/** `1 Nov 2026 – 30 Nov 2026`: a billing period as messages to customers write it (Indonesian unless told). */
export function periodText(start: string, end: string, dateText: (day: string) => string = customerDateText('id')): string {
	return `${dateText(start)} – ${dateText(end)}`;
}

export interface BillFacts {
	customerName: string;
	customerCode: string;
	packageName: string;
	periodStart: string;
	periodEnd: string;
	dueDate: string;
	/** What is still owed on the invoice, in rupiah. */
	outstanding: number;
	payToken: string;
}

export function payLinkOf(publicBaseUrl: string, payToken: string): string {
	return `${publicBaseUrl}/pay/${payToken}`;
}

/** `dateText` writes a calendar day; a caller filling thousands of messages passes a memoised one. */
export function billValues(
	facts: BillFacts,
	ispName: string,
	publicBaseUrl: string,
	dateText: (day: string) => string = customerDateText('id')
): TemplateValues<'reminder'> {
	return {
		nama: facts.customerName,
		kode: facts.customerCode,
		paket: facts.packageName,
		periode: periodText(facts.periodStart, facts.periodEnd, dateText),
		jumlah: formatRupiah(facts.outstanding),
		jatuh_tempo: dateText(facts.dueDate),
		link_bayar: payLinkOf(publicBaseUrl, facts.payToken),
		isp: ispName
	};
}

/**
 * The settings page's preview: a real customer's open invoice when there is one ("preview with a
 * real customer"), the sample values for what that customer does not have (a receipt number, a
 * technician's hand-over).
 */
export function previewValues<K extends TemplateKind>(kind: K, ispName: string, publicBaseUrl: string, language: CustomerLanguage, customer: BillFacts | null): TemplateValues<K> {
	const sample = sampleValues(kind, ispName, publicBaseUrl, language);
	if (!customer || kind === 'handover') return sample;
	const real = billValues(customer, ispName, publicBaseUrl, customerDateText(language));
	return Object.fromEntries(Object.keys(sample).map((k) => [k, k in real ? real[k as keyof typeof real] : sample[k as keyof typeof sample]])) as TemplateValues<K>;
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
	/** The ISP's customer-message language; Indonesian when not known (a phone synced before it existed). */
	language?: CustomerLanguage;
}

/** The receipt template filled for one payment: the office and a technician's phone send the same words. */
export function receiptMessageText(template: string, f: ReceiptMessageFacts): string {
	const language = f.language ?? 'id';
	return renderTemplate('receipt', template, {
		nama: f.customerName,
		kode: f.customerCode,
		periode: f.periods.map((p) => periodText(p.start, p.end, customerDateText(language))).join(', ') || '—',
		jumlah: formatRupiah(f.amount),
		nomor: f.receiptNumber,
		tanggal: formatDate(f.receivedAt, language, f.timeZone),
		isp: f.ispName
	});
}
