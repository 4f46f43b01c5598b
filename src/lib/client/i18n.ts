import { page } from '$app/state';
import { translate, type MessageKey } from '$lib/shared/i18n/index';
import type { Language } from '$lib/shared/domain';

/** The current page's language, as the root layout loaded it. */
export function currentLang(): Language {
	return (page.data.lang as Language | undefined) ?? 'id';
}

/** Translate in the current page's language; reactive inside components through `page`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	return translate(currentLang(), key, params);
}
