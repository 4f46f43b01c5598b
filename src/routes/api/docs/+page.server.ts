import type { PageServerLoad } from './$types';
import { version } from '$app/environment';
import { openApiDocument } from '$lib/server/rest/openapi';

/** The REST reference, rendered from the same OpenAPI document /api/v1/openapi.json serves. */
export const load = (() => ({ doc: openApiDocument(version) })) satisfies PageServerLoad;
