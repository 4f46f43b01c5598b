/**
 * A queued operation as the push sees it: checked against its own schema, one by one. The push
 * envelope accepts any operation (shared/sync/operations.ts `pushInput`) so that one the server
 * refuses is answered `rejected` naming the field — and stored, so a resend gets the same answer —
 * instead of failing the whole push and every operation queued behind it.
 */
import type { z } from 'zod';
import { cashPaymentOp, handoverOp, registerCustomerOp, visitOp, type PushEnvelope, type SyncOperation } from '../../shared/sync/operations';
import { issueMessage } from '../../shared/validation';
import type { SyncErrorKey } from './errors';

export interface CheckedOp {
	seq: number;
	opId: string;
	/** Null when the schema refused it; `refused` says why. */
	op: SyncOperation | null;
	refused: SyncErrorKey | null;
	/** `sync_ops.type`: the operation's type, or `invalid` when it names none we know. */
	type: string;
	/** What `sync_ops.payload` keeps: never the service password, only storable text. */
	payload: Record<string, unknown>;
}

const SCHEMAS: Record<SyncOperation['type'], z.ZodType<SyncOperation>> = {
	'cash-payment': cashPaymentOp,
	'register-customer': registerCustomerOp,
	visit: visitOp,
	handover: handoverOp
};

/**
 * The first zod issue as a stored reason: the message key shared/validation.ts gives it (the one
 * place a zod issue becomes words), its values, and the field it concerns, which the phone and the
 * office's review name beside the words.
 */
function reasonOf(issue: z.core.$ZodIssue | undefined): SyncErrorKey {
	if (!issue) return { key: 'sync.rejected.invalid' };
	const { key, values } = issueMessage(issue);
	return { key, params: { ...values, field: issue.path.map(String).join('.') || 'op' } };
}

const STORED_TEXT_MAX = 2000;
const STORED_PAYLOAD_MAX = 16_000;

/** A copy the database will take: text made well-formed without control characters, bounded in size. */
function storable(raw: unknown): Record<string, unknown> {
	const json = JSON.stringify(raw ?? null, (key, value: unknown) => {
		if (key === 'servicePassword' && value !== undefined) return '[secret]';
		return typeof value === 'string' ? value.toWellFormed().replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '\uFFFD').slice(0, STORED_TEXT_MAX) : value;
	});
	const copy: unknown = json === undefined ? null : JSON.parse(json);
	const object = copy !== null && typeof copy === 'object' && !Array.isArray(copy) ? (copy as Record<string, unknown>) : { value: copy };
	return (json?.length ?? 0) > STORED_PAYLOAD_MAX ? { type: object.type ?? null, truncated: true } : object;
}

/** What is kept of an accepted operation: never the subscriber's service password. */
export function storablePayload(op: SyncOperation): Record<string, unknown> {
	return op.type === 'register-customer' && op.servicePassword ? { ...op, servicePassword: '[secret]' } : { ...op };
}

export function checkOperation(queued: PushEnvelope['operations'][number]): CheckedOp {
	const { seq, opId } = queued;
	const rawType = (queued.op as { type?: unknown } | null | undefined)?.type;
	const schema = typeof rawType === 'string' && Object.hasOwn(SCHEMAS, rawType) ? SCHEMAS[rawType as SyncOperation['type']] : null;
	if (!schema) {
		return { seq, opId, op: null, refused: { key: 'sync.rejected.invalidField', params: { field: 'type' } }, type: 'invalid', payload: storable(queued.op) };
	}
	const parsed = schema.safeParse(queued.op);
	if (!parsed.success) {
		return { seq, opId, op: null, refused: reasonOf(parsed.error.issues[0]), type: rawType as string, payload: storable(queued.op) };
	}
	return { seq, opId, op: parsed.data, refused: null, type: parsed.data.type, payload: storablePayload(parsed.data) };
}

function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>)
				.filter(([, v]) => v !== undefined)
				.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
				.map(([k, v]) => [k, canonical(v)])
		);
	}
	return value;
}

/** Whether a stored payload and a queued one are the same operation (key order and absent keys aside). */
export function sameContent(stored: unknown, queued: unknown): boolean {
	return JSON.stringify(canonical(stored)) === JSON.stringify(canonical(queued));
}
