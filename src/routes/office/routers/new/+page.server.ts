import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { may } from '$lib/shared/access';
import { translator } from '$lib/shared/i18n/index';

/** Only admin adds routers (the procedure refuses others too; this spares them a form they cannot send). */
export const load = (({ locals }) => {
	if (!locals.user || !may(locals.user.role, 'admin')) error(403, translator(locals.lang)('error.forbidden'));
	return {};
}) satisfies PageServerLoad;
