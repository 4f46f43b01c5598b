import type { z } from 'zod';
import type { DbOrTx } from '../db/index';
import { audit } from '../audit';
import { readSetting, writeSetting } from '../settings';
import type { SettingsActor } from './actor';

/**
 * Writes one setting and its audit row (before/after) in the caller's transaction: the one way a
 * setting changes. A setting holding a secret (a sealed key or token) passes `shown`, so the audit
 * row says what changed without the secret; `note` adds what the row should say beside the value
 * (that a key was replaced). A caller that already read the stored value passes it as `before`.
 */
export async function writeAudited<S extends z.ZodType>(
	tx: DbOrTx,
	opts: {
		key: string;
		schema: S;
		value: z.output<S>;
		action: string;
		actor: SettingsActor;
		before?: z.output<S>;
		shown?: (value: z.output<S>) => unknown;
		note?: Record<string, unknown>;
	}
): Promise<z.output<S>> {
	const before = opts.before ?? (await readSetting(tx, opts.key, opts.schema));
	await writeSetting(tx, opts.key, opts.value, opts.actor.userId);
	const shown = opts.shown ?? ((v: z.output<S>) => v);
	const after = opts.note ? { ...(shown(opts.value) as object), ...opts.note } : shown(opts.value);
	await audit(tx, { userId: opts.actor.userId, action: opts.action, entity: 'settings', entityId: opts.key, before: shown(before), after, ipAddress: opts.actor.ipAddress });
	return opts.value;
}
