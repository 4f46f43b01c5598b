/**
 * Indonesian phone numbers, in the two forms the app needs: as stored on a customer (08…, what the
 * office and technicians type and search for) and international without '+' (62…, what tel: and
 * wa.me want). Browser-safe: used by the server, the office pages and the technician's phone.
 */

/**
 * An Indonesian mobile number in the stored 08… form, from `08…`, `+628…` or `628…` with any
 * spaces, dots, dashes or brackets; null when it is not one (10–14 digits starting 08).
 */
export function normalisePhone(raw: string): string | null {
	let digits = raw.replace(/[\s().-]/g, '');
	if (digits.startsWith('+62')) digits = `0${digits.slice(3)}`;
	else if (digits.startsWith('62')) digits = `0${digits.slice(2)}`;
	return /^08\d{8,12}$/.test(digits) ? digits : null;
}

/**
 * Digits in international form without '+' (`6281234567890`) from any way people write a number
 * (0812-3456-789, +62 812…, 0062…, 62812…, 812…), or null when it is no usable number.
 */
export function internationalPhone(raw: string | null | undefined): string | null {
	if (!raw) return null;
	let digits = raw.replace(/[^\d+]/g, '');
	if (digits.startsWith('+')) digits = digits.slice(1);
	digits = digits.replace(/\D/g, '');
	if (digits.startsWith('00')) digits = digits.slice(2);
	if (digits.startsWith('0')) digits = '62' + digits.slice(1);
	else if (digits.startsWith('8')) digits = '62' + digits;
	// Landlines with area code are the shortest real numbers; longest mobiles have 13 digits after 62.
	if (!digits.startsWith('62') || digits.length < 10 || digits.length > 15) return null;
	return digits;
}

/** `tel:+6281234567890`, or null. */
export function telHref(raw: string | null | undefined): string | null {
	const n = internationalPhone(raw);
	return n ? `tel:+${n}` : null;
}

/** `https://wa.me/6281234567890?text=…` (text optional, URI-encoded), or null without a usable number. */
export function waHref(raw: string | null | undefined, text?: string): string | null {
	const n = internationalPhone(raw);
	if (!n) return null;
	return text ? `https://wa.me/${n}?text=${encodeURIComponent(text)}` : `https://wa.me/${n}`;
}

/** WhatsApp share without a recipient (the technician picks the chat): used when the customer has no number. */
export function waShareHref(text: string): string {
	return `https://wa.me/?text=${encodeURIComponent(text)}`;
}

/** Digits only, for matching a search like "0812 345" against stored numbers in any format. */
export function phoneDigitsForSearch(raw: string | null | undefined): string {
	return (raw ?? '').replace(/\D/g, '');
}

/**
 * The one way a number is shown to people, everywhere: a mobile as `0812-3456-7890` however it
 * was typed or stored (`+62 812…`, `62812…`, `0812 3456 7890`); anything else (a landline, a
 * number we cannot read) as it was written, trimmed. Empty for none.
 */
export function formatPhone(raw: string | null | undefined): string {
	const text = (raw ?? '').trim();
	const international = internationalPhone(text);
	if (!international || !international.startsWith('628')) return text;
	const local = `0${international.slice(2)}`;
	return [local.slice(0, 4), local.slice(4, 8), local.slice(8)].filter(Boolean).join('-');
}
