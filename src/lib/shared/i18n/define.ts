/**
 * One feature's messages in both languages. The English side is typed against the Indonesian
 * keys, so a message missing in English fails the type check.
 */
export function defineMessages<const T extends Record<string, string>>(id: T, en: Record<keyof T, string>) {
	return { id, en };
}
