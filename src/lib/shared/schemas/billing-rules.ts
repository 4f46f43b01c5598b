import { z } from 'zod';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.clock' });

/** The ISP's billing rules (DESIGN §4), stored in settings under `billing.rules`. */
export const billingRulesSchema = z.object({
	/** Invoices are issued this many days before their period starts. */
	invoiceLeadDays: z.int().min(0).max(28).default(7),
	/** Due date = period start + this many days. */
	dueDays: z.int().min(0).max(28).default(10),
	/** Isolation after due date + this many days. */
	graceDays: z.int().min(0).max(60).default(3),
	/** Local times of the daily runs. */
	billingRunAt: clock.default('01:00'),
	overdueRunAt: clock.default('01:30')
});

export type BillingRules = z.output<typeof billingRulesSchema>;
export const DEFAULT_BILLING_RULES: BillingRules = billingRulesSchema.parse({});
