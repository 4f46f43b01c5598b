import { id as coreId } from './id';
import { en as coreEn } from './en';
import type { Language } from '../domain';
import { featureMessages } from './messages/index';
import { dateTimeFormat, numberFormat } from '../intl-cache';

/** Core messages plus one file per feature under messages/ (each owns its keys). */
const id = { ...coreId, ...featureMessages.id };
const en = { ...coreEn, ...featureMessages.en };

export type MessageKey = keyof typeof id;
const catalogues: Record<Language, Record<MessageKey, string>> = { id, en };

export function isLanguage(value: unknown): value is Language {
	return value === 'id' || value === 'en';
}

/** `translate('id', 'login.locked', { minutes: 15 })`. */
export function translate(lang: Language, key: MessageKey, params?: Record<string, string | number>): string {
	// A key missing from both catalogues shows as itself rather than breaking the page.
	const text = catalogues[lang][key] ?? id[key] ?? key;
	return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

export type Translator = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Language): Translator {
	return (key, params) => translate(lang, key, params);
}

/** The Intl locale of a language. en-GB rather than en-US: day before month, as in Indonesian. */
export function intlLocale(lang: Language): 'id-ID' | 'en-GB' {
	return lang === 'id' ? 'id-ID' : 'en-GB';
}

/** Counts and measurements in the reader's convention: `1.250` and `1,5` in Indonesian. Money is formatRupiah. */
export function formatNumber(value: number, lang: Language, maximumFractionDigits = 0): string {
	return numberFormat(intlLocale(lang), { maximumFractionDigits }).format(value);
}

/** Dates and instants the Indonesian way: `23 Nov 2026`, in the ISP's zone. */
export function formatDate(value: Date | string, lang: Language, timeZone: string): string {
	const instant = typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value;
	return dateTimeFormat(intlLocale(lang), {
		timeZone: typeof value === 'string' ? 'UTC' : timeZone,
		day: 'numeric',
		month: 'short',
		year: 'numeric'
	}).format(instant);
}

export function formatDateTime(value: Date, lang: Language, timeZone: string): string {
	return dateTimeFormat(intlLocale(lang), {
		timeZone,
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	}).format(value);
}

/** `09.15` / `09:15`: the time of an instant in the ISP's zone, for lists within one day. */
export function formatTime(value: Date, lang: Language, timeZone: string): string {
	return dateTimeFormat(intlLocale(lang), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(value);
}
