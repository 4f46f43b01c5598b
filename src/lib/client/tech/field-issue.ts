import type { ZodError } from 'zod';
import type { MessageKey } from '$lib/shared/i18n/index';

const MESSAGE_KEY = /^[a-z]+\.[A-Za-z.]+$/;

/**
 * What the shared schema says about one field of a form the phone checks before queuing (e.g. a
 * note holding half an emoji: `validation.text`), as a message key, or null if nothing.
 */
export function fieldIssue(error: ZodError | undefined, field: string, fallback: MessageKey = 'sync.rejected.invalidField'): MessageKey | null {
	const issue = error?.issues.find((i) => i.path[0] === field);
	if (!issue) return null;
	return MESSAGE_KEY.test(issue.message) ? (issue.message as MessageKey) : fallback;
}
