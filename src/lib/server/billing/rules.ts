import type { DbOrTx } from '../db/index';
import { readSetting } from '../settings';
import { billingRulesSchema, type BillingRules } from '../../shared/schemas/billing-rules';

export const BILLING_RULES_KEY = 'billing.rules';

export function readBillingRules(db: DbOrTx): Promise<BillingRules> {
	return readSetting(db, BILLING_RULES_KEY, billingRulesSchema);
}
