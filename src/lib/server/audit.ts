import { AsyncLocalStorage } from 'node:async_hooks';
import type { DbOrTx } from './db/index';
import { auditLog } from './db/schema';

/** Fields that never enter the audit trail, at any depth. */
const SECRET_KEYS = new Set(['password', 'passwordHash', 'passwordEnc', 'servicePassword', 'servicePasswordEnc', 'serverKey']);

function scrub(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(scrub);
	if (value instanceof Date) return value.toISOString();
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '[secret]' : scrub(v)])
		);
	}
	return value;
}

export interface AuditEntry {
	userId: string | null;
	action: string;
	entity: string;
	entityId?: string | null;
	before?: unknown;
	after?: unknown;
	ipAddress?: string | null;
}

/**
 * The API key a REST request acts with. The services audit as before (user_id is the key's
 * creator); every row written inside `asApiKey` also names the key, so the trail says which
 * integration made the change without threading the key through every service.
 */
const apiKeyScope = new AsyncLocalStorage<string>();

export function asApiKey<T>(apiKeyId: string, run: () => Promise<T>): Promise<T> {
	return apiKeyScope.run(apiKeyId, run);
}

/** Writes one audit row; call it inside the transaction that makes the change. */
export function audit(db: DbOrTx, entry: AuditEntry): Promise<void> {
	return auditMany(db, [entry]);
}

/** Writes the rows of a batch of changes in one statement. */
export async function auditMany(db: DbOrTx, entries: AuditEntry[]): Promise<void> {
	if (entries.length === 0) return;
	await db.insert(auditLog).values(
		entries.map((entry) => ({
			userId: entry.userId,
			action: entry.action,
			entity: entry.entity,
			entityId: entry.entityId ?? null,
			before: entry.before === undefined ? null : scrub(entry.before),
			after: entry.after === undefined ? null : scrub(entry.after),
			ipAddress: entry.ipAddress?.slice(0, 64) ?? null,
			apiKeyId: apiKeyScope.getStore() ?? null
		}))
	);
}
