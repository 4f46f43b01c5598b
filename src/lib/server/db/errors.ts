/** MySQL/MariaDB error codes the services turn into answers for the user. */

interface DriverError {
	code?: string;
	sqlMessage?: string;
	message?: string;
	cause?: unknown;
}

/** The driver's error, whether drizzle wrapped it or not. */
function driverError(err: unknown): DriverError | null {
	let e = err as DriverError | undefined;
	for (let depth = 0; e && depth < 3; depth++, e = e.cause as DriverError | undefined) {
		if (typeof e.code === 'string' && e.code.startsWith('ER_')) return e;
	}
	return null;
}

/**
 * True when a write broke a UNIQUE or PRIMARY key; with `key`, only when it was that key
 * (`PRIMARY`, `areas_name_uq`, …), so "this id exists" and "this name is taken" can be told apart.
 */
export function isDuplicateKey(err: unknown, key?: string): boolean {
	const e = driverError(err);
	if (e?.code !== 'ER_DUP_ENTRY') return false;
	if (!key) return true;
	const message = e.sqlMessage ?? e.message ?? '';
	return message.endsWith(`for key '${key}'`) || message.endsWith(`.${key}'`);
}

/** The two ways InnoDB ends a transaction over a lock: a deadlock, or a lock wait that timed out. */
const LOCK_CONFLICT_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

/** True when the statement failed because its transaction lost a lock conflict (its work was rolled back). */
export function isLockConflict(err: unknown): boolean {
	const e = driverError(err);
	return e?.code !== undefined && LOCK_CONFLICT_CODES.has(e.code);
}
