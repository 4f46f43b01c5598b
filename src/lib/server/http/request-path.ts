/**
 * The pathname percent-decoded the way SvelteKit decodes it (each part between `%25` through
 * decodeURI), or null when that fails. For such a path SvelteKit skips its own error handling
 * and runs our hooks outside its catch, so anything a hook throws for it (a redirect to sign-in,
 * say) would escape as an unhandled rejection. Scanners send `/office/%` and `..%c0%af..` all day.
 *
 * The decoded value is returned, not just tested: the bundler treats decodeURI as pure and drops
 * a call whose result is unused, try/catch or not.
 */
export function decodedPath(pathname: string): string | null {
	try {
		return pathname.split('%25').map(decodeURI).join('%25');
	} catch {
		return null;
	}
}
