/**
 * The new-installation form checked on the phone (no server to ask offline), turned into a
 * register-customer operation with client UUIDs. The operation schema is the final word.
 */
import { registerCustomerOp, type SyncOperation } from '$lib/shared/sync/operations';
import type { MessageKey } from '$lib/shared/i18n/index';
import { phoneSchema } from '$lib/shared/schemas/catalogue';
import { addDays, isLocalDate } from '$lib/shared/dates';

export interface InstallForm {
	name: string;
	phone: string;
	address: string;
	areaId: string;
	latitude: number | null;
	longitude: number | null;
	packageId: string;
	serviceUsername: string;
	servicePassword: string;
	startDate: string;
	note: string;
}

export type InstallErrors = Partial<Record<keyof InstallForm, MessageKey>>;

/** Keys of the zod issues the shared schema can raise, mapped to the screen's own messages. */
const SCHEMA_MESSAGE: Partial<Record<string, MessageKey>> = {
	'validation.serviceUsername': 'validation.serviceUsername',
	'validation.date': 'validation.date',
	// Half an emoji or a control character: said as such, not as "required".
	'validation.text': 'validation.text'
};

/** What the phone knows that the checks depend on; the server repeats each check when it applies the operation. */
export interface InstallContext {
	/** The ISP's today (start dates may be 31 days back to 90 ahead, as in the office). */
	today: string;
	/** PPPoE and Hotspot packages need the account's username and password. */
	needsCredentials: boolean;
	/** Service usernames already on the phone (lower case): a clash would be refused on sync. */
	takenUsernames: Set<string>;
}

export function buildInstallOp(
	form: InstallForm,
	ids: { customerId: string; subscriptionId: string },
	context: InstallContext
): { ok: true; op: Extract<SyncOperation, { type: 'register-customer' }> } | { ok: false; errors: InstallErrors } {
	const errors: InstallErrors = {};
	const name = form.name.trim();
	const address = form.address.trim();
	const username = form.serviceUsername.trim();
	if (!name) errors.name = 'techNew.required';
	else if (name.length < 2 || name.length > 120) errors.name = 'techNew.nameLength';
	if (!address) errors.address = 'techNew.required';
	else if (address.length < 3) errors.address = 'techNew.addressLength';
	if (!form.areaId) errors.areaId = 'techNew.required';
	if (!form.packageId) errors.packageId = 'techNew.required';
	// The office's rule (customerFields.phone): a customer's WhatsApp number is required.
	const phone = phoneSchema.safeParse(form.phone);
	if (!form.phone.trim()) errors.phone = 'techNew.required';
	else if (!phone.success) errors.phone = 'validation.phone';
	if (context.needsCredentials && !username) errors.serviceUsername = 'techNew.required';
	else if (username && context.takenUsernames.has(username.toLowerCase())) errors.serviceUsername = 'techNew.usernameTaken';
	if (context.needsCredentials && !form.servicePassword) errors.servicePassword = 'techNew.required';
	else if (form.servicePassword && (form.servicePassword.length < 4 || form.servicePassword.length > 64)) errors.servicePassword = 'techNew.passwordLength';
	else if (form.servicePassword && !username) errors.servicePassword = 'techNew.passwordWithoutUser';
	if (!form.startDate) errors.startDate = 'techNew.required';
	else if (!isLocalDate(form.startDate)) errors.startDate = 'validation.date';
	else if (form.startDate < addDays(context.today, -31) || form.startDate > addDays(context.today, 90)) errors.startDate = 'techNew.startDateRange';
	if ((form.latitude === null) !== (form.longitude === null)) errors.latitude = 'techNew.gpsPair';

	const candidate = {
		type: 'register-customer' as const,
		customerId: ids.customerId,
		subscriptionId: ids.subscriptionId,
		name,
		phone: phone.success ? phone.data : undefined,
		address,
		areaId: form.areaId,
		latitude: form.latitude ?? undefined,
		longitude: form.longitude ?? undefined,
		packageId: form.packageId,
		serviceUsername: username || undefined,
		servicePassword: form.servicePassword || undefined,
		startDate: form.startDate,
		note: form.note.trim() || undefined
	};
	const parsed = registerCustomerOp.safeParse(candidate);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			const field = issue.path[0] as keyof InstallForm;
			if (errors[field]) continue;
			errors[field] = SCHEMA_MESSAGE[issue.message] ?? 'techNew.required';
		}
	}
	if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
	return { ok: true, op: parsed.data };
}

/** A username suggestion from the customer's name: `siti.aminah` (RouterOS-safe characters only). */
export function suggestUsername(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.trim()
		.replace(/[^a-z0-9]+/g, '.')
		.replace(/^\.+|\.+$/g, '')
		.slice(0, 32);
}

/** A random service password (no look-alike characters, easy to read out over the phone). */
export function randomServicePassword(length = 10): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	const bytes = crypto.getRandomValues(new Uint8Array(length));
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
