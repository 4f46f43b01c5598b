/** What public pages call a customer: the first word of the name, never the full name. */
export function firstNameOf(name: string): string {
	return name.trim().split(/\s+/)[0] ?? '';
}
