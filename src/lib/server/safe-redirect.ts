/**
 * The path to go to after a form action, if it stays on this site; null otherwise. `//host` and
 * `/\host` leave the site in browsers, so neither is accepted: never an open redirect.
 */
export function sameSitePath(value: unknown): string | null {
	return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : null;
}
