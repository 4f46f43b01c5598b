import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { may } from '$lib/shared/access';
import { translator } from '$lib/shared/i18n/index';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';

export const load = (async (event) => {
	const { user, lang } = event.locals;
	if (!user || !may(user.role, 'admin')) error(403, translator(lang)('error.forbidden'));
	return { router: await orNotFound(callerFor(event).routers.get({ id: event.params.id })) };
}) satisfies PageServerLoad;
