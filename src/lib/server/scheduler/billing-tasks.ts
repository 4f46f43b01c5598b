/** The billing issue's two daily tasks, wired to the task runner. */
import type { Db } from '../db/index';
import { readBillingRules } from '../billing/rules';
import { runBilling } from '../billing/billing-run';
import { runOverdue } from '../billing/overdue-run';
import { localDateOf } from '../../shared/dates';
import type { BillingRules } from '../../shared/schemas/billing-rules';
import type { TaskBody } from './task-runs';
import { waDueReminders } from '../whatsapp/events';

export const BILLING_TASKS = ['billing', 'overdue'] as const;
export type BillingTask = (typeof BILLING_TASKS)[number];

export function taskBody(db: Db, task: BillingTask, timeZone: string, now: () => Date = () => new Date()): TaskBody {
	return async (report) => {
		const rules = await readBillingRules(db);
		const today = localDateOf(now(), timeZone);
		if (task === 'billing') {
			const result = await runBilling(db, { today, rules, onProgress: (p) => report({ today, ...p }) });
			return { today, ...result };
		}
		const result = await runOverdue(db, { today, rules, onProgress: (p) => report({ today, ...p }) });
		return { today, ...result, ...(await waDueReminders(db, today, now())) };
	};
}

/** The local "HH:MM" a task is due each day. */
export function scheduledAt(task: BillingTask, rules: BillingRules): string {
	return task === 'billing' ? rules.billingRunAt : rules.overdueRunAt;
}
