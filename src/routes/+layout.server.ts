import type { LayoutServerLoad } from './$types';
import { getConfig } from '$lib/server/config';

export const load = (({ locals }) => ({
	user: locals.user,
	lang: locals.lang,
	timeZone: getConfig().ISP_TIMEZONE
})) satisfies LayoutServerLoad;
