/**
 * An audit row's before/after in words: each changed field under its label, old → new, with
 * names for ids (resolved by the server, `names`), rupiah for money, dates in the reader's format,
 * states and yes/no in the reader's language. The audit log and every "Riwayat perubahan" use it.
 */
import { formatDate, formatDateTime, formatNumber, translate, type MessageKey } from './i18n/index';
import { formatRupiah } from './money';
import type { Language } from './domain';

export interface ChangeLine {
	field: string;
	label: string;
	/** null: the field is new (a create) or gone (a delete). */
	from: string | null;
	to: string | null;
}

/** Fields whose integers are rupiah. */
const MONEY = new Set(['amount', 'amountPaid', 'price', 'grossAmount', 'paidAmount', 'outstanding', 'credit', 'creditBalance', 'cash', 'total', 'expected', 'shortfall', 'surplus', 'maxCash', 'fieldCashMax', 'written', 'writtenOff']);
/** Stored codes with words in the catalogue under these prefixes (tried in order). */
const CODE_PREFIXES: Record<string, string[]> = {
	status: ['subscriptionStatus', 'invoiceStatus', 'customerStatus'],
	method: ['paymentMethod'],
	role: ['role'],
	serviceType: ['serviceType'],
	reason: ['auditValue.signIn'],
	task: ['auditValue.task'],
	kind: ['driftKind'],
	// A language is stored as its code (`id`, `en`) and read as its name.
	language: ['lang']
};
/** Fields that say nothing to a reader. */
const HIDDEN = new Set(['id', 'version', 'updatedAt']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function known(lang: Language, key: string): string | null {
	const text = translate(lang, key as MessageKey);
	return text === key ? null : text;
}

/** `areaId` → "Area"; a field with no label yet reads as its words (`paidThrough` → "paid through"). */
export function fieldLabel(field: string, lang: Language): string {
	return known(lang, `auditField.${field}`) ?? field.replace(/Id$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export interface WordsContext {
	lang: Language;
	timeZone: string;
	names: Record<string, string>;
}

/** One stored value in words. */
export function valueWords(field: string, value: unknown, ctx: WordsContext, depth = 0): string {
	const { lang } = ctx;
	if (value === null || value === undefined || value === '') return '—';
	if (value === '[secret]') return known(lang, 'auditValue.secret') ?? '••••';
	if (typeof value === 'boolean') return translate(lang, value ? 'auditValue.yes' : 'auditValue.no');
	if (typeof value === 'number') return MONEY.has(field) && Number.isInteger(value) ? formatRupiah(value) : formatNumber(value, lang, 6);
	if (typeof value === 'string') {
		if (UUID.test(value)) return ctx.names[value.toLowerCase()] ?? translate(lang, 'auditValue.unknownRecord');
		if (ISO_DATE.test(value)) return formatDate(value, lang, ctx.timeZone);
		if (ISO_INSTANT.test(value)) return formatDateTime(new Date(value), lang, ctx.timeZone);
		for (const prefix of CODE_PREFIXES[field] ?? []) {
			const words = known(lang, `${prefix}.${value}`);
			if (words) return words;
		}
		return value;
	}
	if (Array.isArray(value)) return value.length ? value.map((v) => valueWords(field, v, ctx, depth + 1)).join(', ') : '—';
	if (isRecord(value) && depth < 2) {
		return Object.entries(value)
			.filter(([k]) => !HIDDEN.has(k))
			.map(([k, v]) => `${fieldLabel(k, lang)}: ${valueWords(k, v, ctx, depth + 1)}`)
			.join('; ');
	}
	return JSON.stringify(value);
}

/**
 * The changed fields of an update; every field of a create (only `after`) or a delete (only
 * `before`); a value that is not a record (rare) as one line under "Data".
 */
export function describeChanges(before: unknown, after: unknown, ctx: WordsContext): ChangeLine[] {
	const b = isRecord(before) ? before : null;
	const a = isRecord(after) ? after : null;
	if (!b && !a) {
		if (before === null && after === null) return [];
		const label = translate(ctx.lang, 'auditField.data');
		return [{ field: '', label, from: before === null || before === undefined ? null : valueWords('', before, ctx), to: after === null || after === undefined ? null : valueWords('', after, ctx) }];
	}
	const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => !HIDDEN.has(k));
	return keys
		.filter((k) => !b || !a || JSON.stringify(b[k]) !== JSON.stringify(a[k]))
		.map((k) => ({
			field: k,
			label: fieldLabel(k, ctx.lang),
			from: b && k in b ? valueWords(k, b[k], ctx) : null,
			to: a && k in a ? valueWords(k, a[k], ctx) : null
		}));
}
