/**
 * Indonesian phone numbers as technicians type them (0812-3456-789, +62 812…, 62812…, 812…)
 * turned into the forms tel: and wa.me want.
 */

/** Digits in international form without '+' (`6281234567890`), or null when it is no usable number. */
export function normalizeIndonesianPhone(raw: string | null | undefined): string | null {
	if (!raw) return null;
	let digits = raw.replace(/[^\d+]/g, '');
	if (digits.startsWith('+')) digits = digits.slice(1);
	digits = digits.replace(/\D/g, '');
	if (digits.startsWith('00')) digits = digits.slice(2);
	if (digits.startsWith('0')) digits = '62' + digits.slice(1);
	else if (digits.startsWith('8')) digits = '62' + digits;
	// Shortest real Indonesian numbers (landlines with area code) have 9 digits after 62; longest mobiles 13.
	if (!digits.startsWith('62') || digits.length < 9 || digits.length > 15) return null;
	return digits;
}

/** `tel:+6281234567890`, or null. */
export function telHref(raw: string | null | undefined): string | null {
	const n = normalizeIndonesianPhone(raw);
	return n ? `tel:+${n}` : null;
}

/** `https://wa.me/6281234567890?text=…` (text optional, URI-encoded), or null without a usable number. */
export function waHref(raw: string | null | undefined, text?: string): string | null {
	const n = normalizeIndonesianPhone(raw);
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
