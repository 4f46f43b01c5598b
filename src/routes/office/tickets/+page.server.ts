/** Customer reports from the portal, and the portal PIN for ISPs without a WhatsApp gateway. */
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index';
import { readForm } from '$lib/server/form-body';
import { officeTickets, setPortalPin } from '$lib/server/portal/office';
import { pinInput } from '$lib/server/portal/inputs';
import { fieldsOf, runForm } from '$lib/server/portal/form';
import { translator } from '$lib/shared/i18n/index';

export const load = (async () => ({ tickets: await officeTickets(getDb()) })) satisfies PageServerLoad;

export const actions = {
	/** The /office guard in hooks.server.ts lets only office and admin staff post here. */
	pin: async ({ locals, request, getClientAddress }) => {
		const form = await readForm(request, locals.lang);
		const raw = fieldsOf(form, ['customerCode', 'pin']);
		let saved: { code: string; name: string } | null = null;
		const refused = await runForm(
			locals.lang,
			pinInput,
			raw,
			async (input) => {
				saved = await setPortalPin(getDb(), input.customerCode, input.pin, { userId: locals.user!.id, ipAddress: getClientAddress() });
			},
			{ customerCode: raw.customerCode.slice(0, 32) }
		);
		if (refused) return refused;
		return { saved: translator(locals.lang)('portal.pinSet', saved!) };
	}
} satisfies Actions;
