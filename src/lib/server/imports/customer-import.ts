/**
 * Writing a confirmed customer import: the rows the preview found new, customers in batches of
 * IMPORT_BATCH, one transaction per batch through the form's own insert (code, version, audit);
 * then each row's subscription through the subscription form's service (its rules, its router
 * job, its first invoice). Ids are derived from the phone (customer) and customer + package
 * (subscription), so the primary keys make a repeated or double-sent import write nothing twice.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers } from '../db/schema';
import { isDuplicateKey, isLockConflict } from '../db/errors';
import { insertCustomer } from '../catalogue/customers.service';
import { createSubscription, type SubscriptionContext } from '../billing/subscriptions';
import { FieldValidationError } from '../trpc/trpc';
import type { Actor } from '../trpc/actor';
import type { PreviewRow, RowProblem } from './customer-preview';

export const IMPORT_BATCH = 100;

export interface ImportOutcome {
	customersCreated: number;
	/** Rows whose customer was already there (an earlier import, or the same phone). */
	customersSkipped: number;
	subscriptionsCreated: number;
	/** Rows refused while writing (a rule only the service knows, e.g. a taken username), in words. */
	failed: Array<{ line: number; problems: RowProblem[] }>;
}

function problemsOf(err: unknown, column: (field: string) => string): RowProblem[] {
	if (err instanceof FieldValidationError) return Object.entries(err.fieldErrors).flatMap(([field, messages]) => messages.map((message) => ({ column: column(field), message })));
	throw err;
}

async function writeBatch(db: Db, batch: PreviewRow[], actor: Actor): Promise<{ created: number; skipped: number }> {
	return db.transaction(async (tx) => {
		const ids = batch.map((r) => r.customerId);
		const existing = new Set((await tx.select({ id: customers.id }).from(customers).where(inArray(customers.id, ids))).map((c) => c.id));
		let created = 0;
		for (const row of batch) {
			if (existing.has(row.customerId) || !row.customer) continue;
			const { id: _id, ...fields } = row.customer;
			await insertCustomer(tx, row.customerId, fields, actor);
			created += 1;
		}
		return { created, skipped: batch.length - created };
	});
}

/** `rows` come from previewCustomerImport of the same sheet, run again at confirm time. */
export async function importCustomers(db: Db, rows: PreviewRow[], actor: Actor, ctx: SubscriptionContext, column: (field: string) => string): Promise<ImportOutcome> {
	const outcome: ImportOutcome = { customersCreated: 0, customersSkipped: 0, subscriptionsCreated: 0, failed: [] };
	const importable = rows.filter((r) => r.status === 'new' && r.customer);
	outcome.customersSkipped += rows.filter((r) => r.status === 'exists').length;
	for (let i = 0; i < importable.length; i += IMPORT_BATCH) {
		const batch = importable.slice(i, i + IMPORT_BATCH);
		let result: { created: number; skipped: number } | null = null;
		for (let attempt = 1; !result; attempt++) {
			try {
				result = await writeBatch(db, batch, actor);
			} catch (err) {
				// A second confirm of the same sheet racing this one: the batch rolled back whole and its
				// rows are now there (or will be once the other commits); read them again.
				if (attempt >= 3 || !(isDuplicateKey(err, 'PRIMARY') || isLockConflict(err))) throw err;
			}
		}
		outcome.customersCreated += result.created;
		outcome.customersSkipped += result.skipped;
	}
	// A row already imported still gets its subscription (a re-import completes what failed before);
	// a phone that belongs to a customer made elsewhere is left alone, subscription and all.
	const withSubscription = rows.filter((r) => r.subscription && (r.status === 'new' || r.status === 'exists'));
	const ours = withSubscription.length
		? new Set((await db.select({ id: customers.id }).from(customers).where(inArray(customers.id, withSubscription.map((r) => r.customerId)))).map((c) => c.id))
		: new Set<string>();
	for (const row of withSubscription) {
		if (!row.subscription || !ours.has(row.customerId)) continue;
		try {
			const { duplicate } = await createSubscription(db, row.subscription, ctx);
			if (!duplicate) outcome.subscriptionsCreated += 1;
		} catch (err) {
			outcome.failed.push({ line: row.line, problems: problemsOf(err, column) });
		}
	}
	return outcome;
}
