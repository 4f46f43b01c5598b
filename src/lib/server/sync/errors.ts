/**
 * How a failed sync operation is answered. A rejection is final and stored (the phone shows the
 * reason, the office reviews it, later operations go on); anything temporary — the database busy,
 * a lost connection — is answered `retry` and nothing of the operation is kept.
 */
import { TRPCError } from '@trpc/server';
import { FieldValidationError } from '../trpc/trpc';

export interface SyncErrorKey {
	key: string;
	params?: Record<string, string | number>;
}

/** A business rule refused the operation; `key` is an i18n key the phone translates. */
export class SyncRejection extends Error {
	constructor(
		public readonly key: string,
		public readonly params?: Record<string, string | number>
	) {
		super(key);
		this.name = 'SyncRejection';
	}
}

interface DriverError {
	code?: string;
	errno?: number;
	fatal?: boolean;
	cause?: unknown;
}

/** Lock conflicts and lost connections: the same operation may well succeed a moment later. */
const TEMPORARY_CODES = new Set([
	'ER_LOCK_DEADLOCK',
	'ER_LOCK_WAIT_TIMEOUT',
	'ER_CON_COUNT_ERROR',
	'ER_SERVER_SHUTDOWN',
	'ER_QUERY_INTERRUPTED',
	'PROTOCOL_CONNECTION_LOST',
	'PROTOCOL_SEQUENCE_TIMEOUT',
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'EPIPE',
	'POOL_CLOSED'
]);

function driverErrors(err: unknown): DriverError[] {
	const found: DriverError[] = [];
	let e = err as DriverError | undefined;
	for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++, e = e.cause as DriverError | undefined) found.push(e);
	return found;
}

export function isTemporary(err: unknown): boolean {
	return driverErrors(err).some((e) => (e.code !== undefined && TEMPORARY_CODES.has(e.code)) || e.fatal === true);
}

function isDuplicate(err: unknown): boolean {
	return driverErrors(err).some((e) => e.code === 'ER_DUP_ENTRY');
}

/**
 * The stored reason of a permanent failure, or null when the failure is not the operation's
 * fault (temporary, or a bug) and the phone should try again later. Services under sync run with
 * a translator that returns keys, so their field errors already are i18n keys.
 */
export function rejectionOf(err: unknown): SyncErrorKey | null {
	if (isTemporary(err)) return null;
	if (err instanceof SyncRejection) return { key: err.key, params: err.params };
	if (err instanceof FieldValidationError) {
		const [field, messages] = Object.entries(err.fieldErrors)[0] ?? ['', []];
		return { key: messages[0] ?? 'sync.rejected.invalid', params: field ? { field } : undefined };
	}
	if (err instanceof TRPCError && err.code !== 'INTERNAL_SERVER_ERROR') return { key: err.message || 'sync.rejected.invalid' };
	// A client UUID already used by a different row: resending will never succeed.
	if (isDuplicate(err)) return { key: 'sync.rejected.idConflict' };
	return null;
}
