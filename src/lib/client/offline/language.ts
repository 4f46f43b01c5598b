/**
 * The technician app's language, switchable offline: kept in this browser (the /tech layout load
 * reads it) and, when online, saved on the account like the office's switch does.
 */
import { invalidate } from '$app/navigation';
import { isLanguage } from '$lib/shared/i18n/index';
import type { Language } from '$lib/shared/domain';

const STORAGE_KEY = 'lunas.tech.lang';
export const LANG_DEPENDENCY = 'lunas:tech-lang';

export function storedLanguage(): Language | null {
	try {
		const value = localStorage.getItem(STORAGE_KEY);
		return isLanguage(value) ? value : null;
	} catch {
		return null;
	}
}

export async function switchLanguage(lang: Language): Promise<void> {
	localStorage.setItem(STORAGE_KEY, lang);
	document.documentElement.lang = lang;
	await invalidate(LANG_DEPENDENCY);
	if (!navigator.onLine) return;
	const form = new FormData();
	form.set('lang', lang);
	form.set('next', '/tech');
	// Best effort: offline or failing, the choice still holds on this phone.
	await fetch('/lang', { method: 'POST', body: form, headers: { 'x-sveltekit-action': 'true' } }).catch(() => undefined);
}
