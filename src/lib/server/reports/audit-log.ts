/** The audit log viewer: who did what to which record, newest first, filtered and keyset-paged. */
import { and, count, eq, like, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { apiKeys, auditLog, users } from '../db/schema';
import { paginate } from '../db/keyset';
import type { auditListInput } from '../../shared/schemas/reports';
import { instantWithinDays } from './filters';
import { auditNames } from './audit-names';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function auditPage(db: Db, input: z.output<typeof auditListInput>, timeZone: string) {
	const page = await auditRows(db, input, timeZone);
	return { ...page, names: await auditNames(db, page.rows) };
}

async function auditRows(db: Db, input: z.output<typeof auditListInput>, timeZone: string) {
	const filter = and(
		input.userId ? eq(auditLog.userId, input.userId) : undefined,
		input.entity ? eq(auditLog.entity, input.entity) : undefined,
		input.entityId ? eq(auditLog.entityId, input.entityId) : undefined,
		// An action from the list is matched exactly; `payment` finds payment.record, payment.void, …
		input.action ? (input.action.includes('.') ? eq(auditLog.action, input.action) : like(auditLog.action, `${escapeLike(input.action)}.%`)) : undefined,
		...instantWithinDays(sql`${auditLog.at}`, input.from, input.to, timeZone)
	);
	return paginate({
		input,
		columns: { at: auditLog.at },
		id: auditLog.id,
		filter,
		rows: ({ where, orderBy, limit }) =>
			db
				.select({
					id: auditLog.id,
					at: auditLog.at,
					userId: auditLog.userId,
					userName: users.name,
					action: auditLog.action,
					entity: auditLog.entity,
					entityId: auditLog.entityId,
					before: auditLog.before,
					after: auditLog.after,
					ipAddress: auditLog.ipAddress,
					/** The REST API key the change came through, if any (its creator is the user). */
					apiKeyName: apiKeys.name
				})
				.from(auditLog)
				.leftJoin(users, eq(users.id, auditLog.userId))
				.leftJoin(apiKeys, eq(apiKeys.id, auditLog.apiKeyId))
				.where(where)
				.orderBy(...orderBy)
				.limit(limit),
		count: async (where) => (await db.select({ n: count() }).from(auditLog).where(where))[0].n
	});
}

/** The record kinds the log holds, for the filter's list (read from the (entity, entity_id) index). */
export async function auditEntities(db: Db): Promise<string[]> {
	const rows = await db.selectDistinct({ entity: auditLog.entity }).from(auditLog).orderBy(auditLog.entity);
	return rows.map((r) => r.entity);
}
