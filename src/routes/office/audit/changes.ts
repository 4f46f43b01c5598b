/**
 * An audit entry's before/after, compactly: the top-level fields that changed, each as short
 * JSON. Entries that only have one side (a create, a delete) fall back to the whole value.
 */

export interface FieldChange {
	key: string;
	/** undefined when the field is new. */
	before: unknown;
	after: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function changedFields(before: unknown, after: unknown): FieldChange[] {
	if (!isRecord(before) || !isRecord(after)) return [];
	const out: FieldChange[] = [];
	for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
		const a = before[key];
		const b = after[key];
		if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ key, before: a, after: b });
	}
	return out;
}

/** JSON on one line, long values cut to `max` characters. */
export function compactJson(value: unknown, max = 160): string {
	const text = value === undefined ? '—' : JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
