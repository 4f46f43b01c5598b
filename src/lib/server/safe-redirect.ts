/** Any origin will do: `next` is resolved against it only to see whether it stays there. */
const HOME = new URL('http://lunas.invalid/');

/**
 * The path to go to after signing in or switching language, if it stays on this site; null
 * otherwise: never an open redirect.
 *
 * `next` is resolved the way a browser resolves a Location header (which drops TAB/CR/LF,
 * treats `\` as `/`, strips leading control characters and spaces, resolves `..`) and accepted
 * only if the origin is unchanged. What comes back is the resolved path, not the input: it is
 * ASCII with control characters percent-encoded, so it is always a valid header value, and a
 * resolved path that begins with `//` (e.g. from `/x/../\t/evil`) is refused because a browser
 * would read it as another host.
 */
export function sameSitePath(value: unknown): string | null {
	if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000) return null;
	let url: URL;
	try {
		url = new URL(value, HOME);
	} catch {
		return null;
	}
	if (url.origin !== HOME.origin) return null;
	const path = url.pathname + url.search + url.hash;
	return path.startsWith('/') && !path.startsWith('//') ? path : null;
}
