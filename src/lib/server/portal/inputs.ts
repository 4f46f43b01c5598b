/** What the portal's forms accept; errors are catalogue keys, shown under the field. */
import { z } from 'zod';
import { text } from '../../shared/schemas/text';
import { TICKET_CATEGORIES } from '../db/schema';

/**
 * A PPPoE / hotspot password a router takes as typed and a modem's settings page accepts:
 * printable ASCII without spaces or quotes (some modems' forms and RouterOS scripts choke on them).
 */
export const servicePasswordInput = z.object({
	subscriptionId: z.uuid({ error: 'portal.pickService' }),
	/** The form's own id: posting it twice changes the password once. */
	requestId: z.uuid({ error: 'portal.formExpired' }),
	password: z
		.string({ error: 'portal.passwordRule' })
		.min(8, { error: 'portal.passwordRule' })
		.max(32, { error: 'portal.passwordRule' })
		.regex(/^[\x21\x23-\x26\x28-\x7e]+$/, { error: 'portal.passwordRule' }),
	confirm: z.string({ error: 'portal.passwordMismatch' }).max(64)
});

export const reportInput = z.object({
	id: z.uuid({ error: 'portal.formExpired' }),
	subscriptionId: z.union([z.uuid(), z.literal('')]).transform((v) => v || null),
	category: z.enum(TICKET_CATEGORIES, { error: 'portal.pickCategory' }),
	description: text({ multiline: true }).trim().min(5, { error: 'portal.describeMore' }).max(1000)
});

export const pinInput = z.object({
	customerCode: z.string().max(32),
	pin: z.string().regex(/^\d{6}$/, { error: 'portal.pinRule' })
});
