import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** Only admin adds routers (the procedure refuses others too; this spares them a form they cannot send). */
export const load = (({ locals }) => {
	if (locals.user?.role !== 'admin') error(403, 'Forbidden');
	return {};
}) satisfies PageServerLoad;
