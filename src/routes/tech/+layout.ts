import type { LayoutLoad } from './$types';
import { browser } from '$app/environment';
import { LANG_DEPENDENCY, storedLanguage } from '$lib/client/offline/language';

/**
 * The technician app renders in the browser only, from the phone's own database (Dexie): the
 * server's HTML for every /tech URL is then the same shell, which the service worker keeps and
 * serves when there is no network. Pages under /tech must not have server loads.
 */
export const ssr = false;

export const load = (({ depends }) => {
	depends(LANG_DEPENDENCY);
	const lang = browser ? storedLanguage() : null;
	return lang ? { lang } : {};
}) satisfies LayoutLoad;
