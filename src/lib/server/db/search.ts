/** A LIKE pattern that finds `term` anywhere, with the user's % and _ taken literally. */
export function likeContains(term: string): string {
	return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
