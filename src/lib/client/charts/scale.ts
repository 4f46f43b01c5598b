/** Axis arithmetic for the small SVG charts: a round top value, its ticks, and short labels. */
import type { Language } from '$lib/shared/domain';
import { formatNumber, intlLocale } from '$lib/shared/i18n/index';

/** The SVG width every chart draws in; it scales to its box. */
export const CHART_WIDTH = 640;

export interface ChartMargins {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

/** The smallest 1/2/2.5/5 × 10ⁿ at or above `max` (1 for an empty chart). */
export function niceMax(max: number): number {
	if (!(max > 0)) return 1;
	const power = 10 ** Math.floor(Math.log10(max));
	for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
	return 10 * power;
}

/**
 * Gridlines from 0 to `top` (a niceMax) at a round step: 5 → 0,1,…,5; 2 → 0,0.5,…,2;
 * 2.5 → 0,0.5,…,2.5 (times the power of ten), so labels never read 1,3 or 3,8.
 */
export function ticks(top: number): number[] {
	const mantissa = top / 10 ** Math.floor(Math.log10(top));
	const count = Math.abs(mantissa - 2) < 1e-9 ? 4 : 5;
	return Array.from({ length: count + 1 }, (_, i) => (top * i) / count);
}

/** Axis labels: `1,5 jt` / `350 rb` in Indonesian, `1.5M` / `350K` in English. */
export function shortNumber(value: number, lang: Language): string {
	const abs = Math.abs(value);
	const units: Array<[number, string, string]> = [
		[1e12, ' T', 'T'],
		[1e9, ' M', 'B'],
		[1e6, ' jt', 'M'],
		[1e3, ' rb', 'K']
	];
	const fmt = (n: number) => formatNumber(n, lang, 1);
	for (const [size, id, en] of units) if (abs >= size) return `${fmt(value / size)}${lang === 'id' ? id : en}`;
	return fmt(value);
}

/** `2026-11` as `Nov 26` / `Nov 26`, the chart's month label. */
export function monthLabel(month: string, lang: Language): string {
	return new Intl.DateTimeFormat(intlLocale(lang), { timeZone: 'UTC', month: 'short', year: '2-digit' }).format(new Date(`${month}-01T00:00:00Z`));
}
