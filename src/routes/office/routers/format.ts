/** Units the router pages show: bytes in binary units, traffic in bits per second. */
import type { Language } from '$lib/shared/domain';
import { formatNumber } from '$lib/shared/i18n/index';

function decimal(value: number, lang: Language): string {
	return formatNumber(value, lang, value < 10 ? 1 : 0);
}

/** `256 MiB`, `1,2 GiB`. */
export function formatBytes(bytes: number | null, lang: Language): string {
	if (bytes === null) return '—';
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit += 1;
	}
	return `${decimal(value, lang)} ${units[unit]}`;
}

/** `2,4 Mbps`, as people quote internet speeds (powers of 1000). */
export function formatBitRate(bitsPerSecond: number, lang: Language): string {
	const units = ['bps', 'kbps', 'Mbps', 'Gbps'];
	let value = bitsPerSecond;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit += 1;
	}
	return `${decimal(value, lang)} ${units[unit]}`;
}

export const statusBadge = (status: 'up' | 'down' | 'unknown') => (status === 'up' ? 'ok' : status === 'down' ? 'off' : '');
