/**
 * How a router account becomes a customer and a subscription: the name and phone from its
 * comment, its package from its profile, isolated or not. Shared by the preview and the import
 * so the office confirms exactly what will be created.
 */
import { isSubscriberAccount, type RouterAccount } from './inventory';
import { profileKey, type PreviewRow, type SkipReason } from '../../shared/schemas/router-sync';
import { normalisePhone } from '../../shared/phone';

export interface ImportRouter {
	isolirProfile: string;
}

/** Indonesian mobile numbers as written in comments: 0812…, +62812…, 62 812-…. */
const PHONE_RE = /(?:\+?62|\b0)\s?8[\d\s-]{7,15}\d/;
const MAX_NAME = 120;

/** Name (and phone, when the comment carries one) of the customer an account becomes. */
export function customerOf(account: Pick<RouterAccount, 'name' | 'comment'>): { name: string; phone: string | null } {
	const comment = account.comment?.normalize('NFC').trim() ?? '';
	let phone: string | null = null;
	let rest = comment;
	const match = PHONE_RE.exec(comment);
	if (match) {
		phone = normalisePhone(match[0]);
		if (phone) rest = (comment.slice(0, match.index) + ' ' + comment.slice(match.index + match[0].length)).trim();
	}
	// What is left of "Budi Santoso - 0812…" or "0812… / Budi": drop the separators around the number.
	rest = rest.replace(/^[\s\-/|,;:]+|[\s\-/|,;:]+$/g, '').replace(/\s{2,}/g, ' ');
	const name = (rest || account.name).slice(0, MAX_NAME);
	return { name, phone };
}

/** Disabled accounts and accounts on the isolir profile come in isolated. */
export function isIsolated(account: Pick<RouterAccount, 'disabled' | 'profile'>, router: ImportRouter): boolean {
	return account.disabled || account.profile === router.isolirProfile;
}

/** Why an account is not imported whatever package is chosen; null when it can be. */
export function skipReason(account: RouterAccount, liveNames: Set<string>): SkipReason | null {
	if (liveNames.has(account.name)) return 'existing';
	if (!isSubscriberAccount(account)) return 'notPppoe';
	if (account.name.length > 64) return 'nameTooLong';
	return null;
}

export function previewRow(account: RouterAccount, router: ImportRouter, liveNames: Set<string>): PreviewRow {
	const { name, phone } = customerOf(account);
	return {
		service: account.service,
		name: account.name,
		profile: account.profile,
		comment: account.comment,
		customerName: name,
		phone,
		isolated: isIsolated(account, router),
		skip: skipReason(account, liveNames)
	};
}

