/** The ISP profile printed on invoices and receipts (name, address, phone, bank accounts). */
import type { z } from 'zod';
import type { DbOrTx } from '../db/index';
import { readSetting } from '../settings';
import { ISP_PROFILE_KEY, ispProfileSchema, type IspProfile, type ispProfileInput } from '../../shared/schemas/isp-profile';
import type { SettingsActor } from './actor';
import { writeAudited } from './audited';

export function readIspProfile(db: DbOrTx): Promise<IspProfile> {
	return readSetting(db, ISP_PROFILE_KEY, ispProfileSchema);
}

/** Saves the form's fields; the logo version belongs to the logo upload and is kept. */
export async function saveIspProfile(tx: DbOrTx, input: z.output<typeof ispProfileInput>, actor: SettingsActor): Promise<IspProfile> {
	const { logoVersion } = await readIspProfile(tx);
	return writeAudited(tx, { key: ISP_PROFILE_KEY, schema: ispProfileSchema, value: { ...input, logoVersion }, action: 'settings.ispProfile', actor });
}
