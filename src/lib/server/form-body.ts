/**
 * The one way a form action reads its body. `request.formData()` throws on a body that is not
 * a form (text/plain, JSON, a truncated multipart), which SvelteKit answers with a 500; anyone
 * can send such a body to /login, /lang or /isolir. Here it is a 400 in the visitor's language.
 */
import { error } from '@sveltejs/kit';
import type { Language } from '../shared/domain';
import { translate } from '../shared/i18n/index';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export function isFormContentType(contentType: string | null): boolean {
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	return FORM_TYPES.includes(type);
}

/** The posted form, or a 400 (nothing else read, nothing changed) when the body is not one. */
export async function readForm(request: Request, lang: Language): Promise<FormData> {
	if (!isFormContentType(request.headers.get('content-type'))) error(400, translate(lang, 'error.notAForm'));
	try {
		return await request.formData();
	} catch {
		error(400, translate(lang, 'error.notAForm'));
	}
}
