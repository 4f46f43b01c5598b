import type { Db } from '../db/index';
import { readBillingRules } from '../billing/rules';
import type { LedgerContext } from '../billing/payments';
import { translator } from '../../shared/i18n/index';

/** Midtrans writes to the ledger as the system: no staff member, Indonesian messages. */
export async function systemLedgerContext(db: Db, timeZone: string, now?: Date): Promise<LedgerContext> {
	return { timeZone, rules: await readBillingRules(db), actorUserId: null, ipAddress: null, t: translator('id'), now };
}
