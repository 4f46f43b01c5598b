/** Indonesian mobile numbers as wa.me wants them: digits only, country code 62, no leading 0. */
export function whatsappNumber(phone: string | null | undefined): string | null {
	if (!phone) return null;
	let digits = phone.replace(/\D/g, '');
	if (digits.startsWith('0')) digits = `62${digits.slice(1)}`;
	else if (digits.startsWith('8')) digits = `62${digits}`;
	if (!digits.startsWith('62') || digits.length < 10 || digits.length > 15) return null;
	return digits;
}
