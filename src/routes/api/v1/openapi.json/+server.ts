import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { version } from '$app/environment';
import { openApiDocument } from '$lib/server/rest/openapi';

/** The OpenAPI 3.1 document of /api/v1, public like the reference page that reads it. */
export const GET: RequestHandler = () => json(openApiDocument(version), { headers: { 'cache-control': 'no-cache' } });
