/**
 * /pelanggan: the sign-in forms for a visitor, the customer's own page once signed in. The
 * rules live in $lib/server/portal; this file only reads forms and picks what to show.
 */
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { readForm } from '$lib/server/form-body';
import { currentWhatsAppGateway } from '$lib/server/whatsapp/gateway-settings';
import { linksOnlyGateway } from '$lib/server/whatsapp/links-only';
import { checkCode, checkPin, requestCode, type SignInCheck } from '$lib/server/portal/sign-in';
import { PORTAL_LIMITS } from '$lib/server/portal/limits';
import { PORTAL_COOKIE, createPortalSession, portalCookieOptions } from '$lib/server/portal/session';
import { portalHome } from '$lib/server/portal/view';
import { setReminderOptOut } from '$lib/server/portal/changes';
import { localDateOf } from '$lib/shared/dates';
import { formatTime, translator } from '$lib/shared/i18n/index';

export const load = (async ({ locals }) => {
	const db = getDb();
	const config = getConfig();
	if (locals.customer) {
		const home = await portalHome(db, locals.customer.customerId, localDateOf(new Date(), config.ISP_TIMEZONE));
		if (home) return { mode: 'home' as const, home, timeZone: config.ISP_TIMEZONE };
	}
	return { mode: 'signIn' as const, byWhatsApp: await codesCanBeSent(), codeMinutes: PORTAL_LIMITS.codeMinutes, timeZone: config.ISP_TIMEZONE };
}) satisfies PageServerLoad;

/** Codes go out only through a real gateway; "links only" would leave them in the outbox. */
async function codesCanBeSent(): Promise<boolean> {
	return (await currentWhatsAppGateway(getDb(), getConfig().SECRETS_KEY)) !== linksOnlyGateway;
}

const short = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v.slice(0, 32) : '');

/** A refused or accepted check, as the form shows it; on success the session cookie and home. */
async function finishSignIn<K extends Record<string, string>>(
	event: RequestEvent,
	result: SignInCheck,
	wrongKey: 'portal.wrongCode' | 'portal.wrongPin',
	invalidKey: 'portal.invalidCode' | 'portal.invalidPin',
	keep: K
) {
	const t = translator(event.locals.lang);
	if (result.status === 'ok') {
		const session = await createPortalSession(getDb(), result.customerId, getConfig().SESSION_SECRET);
		event.cookies.set(PORTAL_COOKIE, session.token, portalCookieOptions(event.url, session.expiresAt));
		redirect(303, '/pelanggan');
	}
	if (result.status === 'tooMany') return fail(429, { ...keep, error: t('portal.tooMany', { time: formatTime(result.retryAt, event.locals.lang, getConfig().ISP_TIMEZONE) }) });
	if (result.status === 'invalid') return fail(400, { ...keep, error: t(invalidKey) });
	return fail(401, { ...keep, error: t(wrongKey) });
}

export const actions = {
	/** Step one: a code to this number (the same answer whether or not it is a customer's). */
	code: async (event) => {
		const form = await readForm(event.request, event.locals.lang);
		const t = translator(event.locals.lang);
		const phone = short(form.get('phone'));
		if (!(await codesCanBeSent())) return fail(409, { step: 'pin' as const, phone, error: t('portal.invalidPin') });
		const result = await requestCode(getDb(), phone, event.getClientAddress(), event.locals.lang, { secret: getConfig().SESSION_SECRET });
		if (result.status === 'invalid') return fail(400, { step: 'phone' as const, phone, error: t('portal.invalidPhone') });
		if (result.status === 'tooMany') return fail(429, { step: 'phone' as const, phone, error: t('portal.tooMany', { time: formatTime(result.retryAt, event.locals.lang, getConfig().ISP_TIMEZONE) }) });
		return { step: 'code' as const, phone };
	},
	/** Step two: the code from WhatsApp. */
	verify: async (event) => {
		const form = await readForm(event.request, event.locals.lang);
		const phone = short(form.get('phone'));
		const result = await checkCode(getDb(), phone, form.get('code'), event.getClientAddress(), { secret: getConfig().SESSION_SECRET });
		return finishSignIn(event, result, 'portal.wrongCode', 'portal.invalidCode', { step: 'code' as const, phone });
	},
	/** Without a gateway: customer code + the PIN the office set. */
	pin: async (event) => {
		const form = await readForm(event.request, event.locals.lang);
		const customerCode = short(form.get('customerCode'));
		const result = await checkPin(getDb(), customerCode, form.get('pin'), event.getClientAddress(), { secret: getConfig().SESSION_SECRET });
		return finishSignIn(event, result, 'portal.wrongPin', 'portal.invalidPin', { step: 'pin' as const, customerCode });
	},
	/** Reminder messages on or off (signed in only). */
	reminders: async (event) => {
		if (!event.locals.customer) redirect(303, '/pelanggan');
		const form = await readForm(event.request, event.locals.lang);
		await setReminderOptOut(getDb(), event.locals.customer.customerId, form.get('optOut') === '1');
		redirect(303, '/pelanggan#reminders');
	}
} satisfies Actions;
