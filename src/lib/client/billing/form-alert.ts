import { t } from '$lib/client/i18n';
import type { FormState } from '$lib/client/form-state.svelte';

/**
 * The alert of a refused form. Errors shown under their own input are not repeated: the alert
 * then only says to look at the marked fields, and carries the errors of fields the form has no
 * input for (e.g. "void its payments first" on invoiceId).
 */
export function formAlert(form: FormState, fieldsWithInputs: readonly string[]): string | null {
	if (!form.message) return null;
	const errors = Object.entries(form.errors);
	if (errors.length === 0) return form.message;
	const elsewhere = errors.filter(([field]) => !fieldsWithInputs.includes(field)).flatMap(([, messages]) => messages);
	return elsewhere.length ? elsewhere.join(' ') : t('error.validation');
}
