/** What every report page load does: read the filters from the address, run the report, show a refused filter as its field's error. */
import type { RequestEvent } from '@sveltejs/kit';
import { fieldErrorsOf, listParams } from '$lib/server/page-load';
import type { FieldErrors } from '$lib/shared/validation';

export async function loadReport<T>(event: RequestEvent, keys: readonly string[], run: (query: Record<string, string>) => Promise<T>) {
	const query = listParams(event.url, keys);
	try {
		return { report: await run(query) as T | null, fieldErrors: {} as FieldErrors, query };
	} catch (err) {
		const fieldErrors = fieldErrorsOf(err, event.locals.lang);
		if (!fieldErrors) throw err;
		return { report: null as T | null, fieldErrors, query };
	}
}
