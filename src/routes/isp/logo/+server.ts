import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/index';
import { readLogo } from '$lib/server/settings/logo';

/**
 * The ISP's logo, public (it is printed on documents customers hold). Pages link it as
 * /isp/logo?v=<version>, and a new logo has a new version, so that address may be cached for
 * good; without the matching version the answer is cached briefly. The CSP sandbox keeps an SVG
 * opened on its own from running anything.
 */
export const GET: RequestHandler = async ({ url, request }) => {
	const logo = await readLogo(getDb());
	if (!logo) return new Response('Not found', { status: 404, headers: { 'cache-control': 'no-cache' } });
	const etag = `"${logo.version}"`;
	const headers = {
		'content-type': logo.type,
		etag,
		'cache-control': url.searchParams.get('v') === logo.version ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
		'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
		'x-content-type-options': 'nosniff'
	};
	if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	return new Response(new Uint8Array(logo.bytes), { headers });
};
