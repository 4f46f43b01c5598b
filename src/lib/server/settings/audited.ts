import type { z } from 'zod';
import type { DbOrTx } from '../db/index';
import { audit } from '../audit';
import { readSetting, writeSetting } from '../settings';
import type { SettingsActor } from './actor';

/** Writes one setting and its audit row (before/after) in the caller's transaction. */
export async function writeAudited<S extends z.ZodType>(
	tx: DbOrTx,
	opts: { key: string; schema: S; value: z.output<S>; action: string; actor: SettingsActor }
): Promise<z.output<S>> {
	const before = await readSetting(tx, opts.key, opts.schema);
	await writeSetting(tx, opts.key, opts.value, opts.actor.userId);
	await audit(tx, { userId: opts.actor.userId, action: opts.action, entity: 'settings', entityId: opts.key, before, after: opts.value, ipAddress: opts.actor.ipAddress });
	return opts.value;
}
