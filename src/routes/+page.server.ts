import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { HOME_BY_ROLE } from '$lib/shared/domain';

export const load = (({ locals }) => {
	redirect(303, locals.user ? HOME_BY_ROLE[locals.user.role] : '/login');
}) satisfies PageServerLoad;
