import { createHash } from 'node:crypto';

/**
 * Headers every response carries, whatever produced it (page, endpoint, error, the 400 for a
 * malformed path): no MIME sniffing, no framing (also for browsers that ignore CSP
 * frame-ancestors), no referrer beyond this site. Pages get their Content-Security-Policy from
 * SvelteKit (`kit.csp` in svelte.config.js); signed-in areas are never stored by a cache.
 */
export function applySecurityHeaders(pathname: string, headers: Headers): void {
	setIfMissing(headers, 'x-content-type-options', 'nosniff');
	setIfMissing(headers, 'x-frame-options', 'DENY');
	setIfMissing(headers, 'referrer-policy', 'same-origin');
	// Office and phone pages show customers' data to one signed-in person: never keep a copy in a
	// shared or back-button cache. (The phone app's own offline copy is the service worker's.)
	if (isSignedInArea(pathname)) headers.set('cache-control', 'no-store');
	// An endpoint or error without a page CSP still may not be framed or run anything.
	setIfMissing(headers, 'content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
}

function setIfMissing(headers: Headers, name: string, value: string): void {
	if (!headers.has(name)) headers.set(name, value);
}

export function isSignedInArea(pathname: string): boolean {
	return /^\/(office|tech)(\/|$)/.test(pathname);
}

/** `'sha256-…'` of an inline script's exact text, for script-src. */
export function scriptHash(source: string): string {
	return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/**
 * Adds sources to directives of a CSP header value (used by the pay page: its inline script's
 * hash, and the Snap origin for snap.js and the payment frame). A directive the policy lacks is
 * added; `'none'` in a directive that gains a source is dropped.
 */
export function extendCsp(policy: string, additions: Record<string, string[]>): string {
	const directives = policy
		.split(';')
		.map((d) => d.trim())
		.filter(Boolean)
		.map((d) => {
			const [name, ...values] = d.split(/\s+/);
			return { name: name.toLowerCase(), values };
		});
	for (const [name, sources] of Object.entries(additions)) {
		if (sources.length === 0) continue;
		let d = directives.find((x) => x.name === name);
		if (!d) {
			// A missing directive falls back to default-src: start from that.
			const fallback = directives.find((x) => x.name === 'default-src');
			d = { name, values: [...(fallback?.values ?? [])] };
			directives.push(d);
		}
		d.values = [...d.values.filter((v) => v !== "'none'"), ...sources.filter((s) => !d!.values.includes(s))];
	}
	return directives.map((d) => [d.name, ...d.values].join(' ')).join('; ');
}
