/**
 * Free text from outside — forms, tRPC inputs, a phone's queued operations — refused at the
 * schema when the database could not store it or a person could not read it:
 *
 * - ill-formed UTF-16 (a lone surrogate: half an emoji, cut by a byte limit or a bad keyboard):
 *   MariaDB refuses the write, so an accepted value would fail later, far from the form, and a
 *   phone's operation carrying one would be retried for ever;
 * - NUL and the other control characters (C0 except TAB, DEL, C1): invisible, they break
 *   printed receipts, CSV exports and WhatsApp messages; line breaks only where the field is
 *   multi-line (notes, addresses, templates).
 *
 * The message is a key (`validation.text`), translated per field like every other zod issue.
 * This file is shared with the browser: no Node modules.
 */
import { z } from 'zod';

export interface TextOptions {
	/** Line breaks (LF, CR) are part of the value: notes, addresses, message templates. */
	multiline?: boolean;
}

const CONTROL_SINGLE_LINE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/;
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Whether a value may be stored and shown: well-formed, and no control characters the field does not allow. */
export function isCleanText(value: string, options: TextOptions = {}): boolean {
	if (!value.isWellFormed()) return false;
	return !(options.multiline ? CONTROL_MULTILINE : CONTROL_SINGLE_LINE).test(value);
}

export const TEXT_MESSAGE = 'validation.text';

/**
 * `z.string()` for free text: `text().trim().min(1).max(120)`, `text({ multiline: true })`.
 * Every string schema that takes text a person typed should start here.
 */
export function text(options: TextOptions = {}) {
	return z.string().refine((value) => isCleanText(value, options), { message: TEXT_MESSAGE, abort: true });
}

/** The same check for strings that do not go through zod (a form field read by hand). */
export function cleanTextOrNull(value: unknown, options: TextOptions = {}): string | null {
	return typeof value === 'string' && isCleanText(value, options) ? value : null;
}
