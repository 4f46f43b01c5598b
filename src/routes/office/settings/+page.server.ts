import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';

/** Admin only: the procedures refuse anyone else, which orNotFound shows as the 403 page. */
export const load = (async (event) => {
	const caller = callerFor(event);
	const [settings, rules, reconcile, backup, whatsapp, whatsappEvents, whatsappQuietHours, apiKeys, areas, webhooks, webhookDeliveries] = await Promise.all([
		orNotFound(caller.settings.get()),
		orNotFound(caller.billing.rules()),
		orNotFound(caller.routerSync.schedule()),
		orNotFound(caller.backup.status()),
		orNotFound(caller.whatsapp.gateway()),
		orNotFound(caller.whatsapp.events()),
		orNotFound(caller.whatsapp.quietHours()),
		orNotFound(caller.apiKeys.list()),
		orNotFound(caller.areas.options()),
		orNotFound(caller.webhooks.list()),
		orNotFound(caller.webhooks.deliveries({ endpointId: null }))
	]);
	return { settings, rules, reconcile, backup, whatsapp, whatsappEvents, whatsappQuietHours, apiKeys, areas, webhooks, webhookDeliveries };
}) satisfies PageServerLoad;
