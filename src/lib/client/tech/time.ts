import type { Language } from '$lib/shared/domain';

/** `09.15` / `09:15`: the time of an instant in the ISP's zone, for lists within one day. */
export function formatTime(iso: string, lang: Language, timeZone: string): string {
	return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
