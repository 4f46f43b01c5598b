/** "Sent" marks: one per (list, subject, local day), idempotent through the UNIQUE key. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { invoices, reminderMarks, subscriptions } from '../db/schema';
import { localDateOf } from '../../shared/dates';
import type { ReminderKind } from '../../shared/schemas/settings-reminders';

/** False when the subject does not exist (nothing is marked). */
export async function setReminderMark(
	db: Db,
	opts: { kind: ReminderKind; subjectId: string; sent: boolean; userId: string; timeZone: string; now?: Date }
): Promise<boolean> {
	const table = opts.kind === 'due' ? invoices : subscriptions;
	const [exists] = await db.select({ id: table.id }).from(table).where(eq(table.id, opts.subjectId)).limit(1);
	if (!exists) return false;
	const day = localDateOf(opts.now ?? new Date(), opts.timeZone);
	if (opts.sent) {
		// A second tap, or a resend after a lost answer, meets the UNIQUE key and changes nothing.
		await db
			.insert(reminderMarks)
			.values({ kind: opts.kind, subjectId: opts.subjectId, day, markedBy: opts.userId })
			.onDuplicateKeyUpdate({ set: { id: sql`id` } });
	} else {
		await db.delete(reminderMarks).where(and(eq(reminderMarks.kind, opts.kind), eq(reminderMarks.subjectId, opts.subjectId), eq(reminderMarks.day, day)));
	}
	return true;
}
