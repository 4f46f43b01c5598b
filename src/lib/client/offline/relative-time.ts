import type { Language } from '$lib/shared/domain';
import { intlLocale } from '$lib/shared/i18n/index';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
	['day', 86_400_000],
	['hour', 3_600_000],
	['minute', 60_000]
];

/** "5 menit yang lalu" / "5 minutes ago"; null under a minute (the caller says "just now"). */
export function relativeTime(iso: string, now: number, lang: Language): string | null {
	const diff = Date.parse(iso) - now;
	const format = new Intl.RelativeTimeFormat(intlLocale(lang), { numeric: 'auto' });
	for (const [unit, ms] of UNITS) {
		if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
	}
	return null;
}
