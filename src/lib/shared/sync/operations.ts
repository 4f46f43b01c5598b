/**
 * The offline outbox contract (DESIGN §7): what a technician's phone queues while offline and
 * pushes later, and what the server answers per operation. Shared by the Dexie outbox
 * (src/lib/client/offline) and the server's sync service (src/lib/server/sync).
 *
 * Every row an operation creates has a client-generated UUID in the operation, so a resent
 * operation can only ever create that same row (UNIQUE keys on the server make it a no-op).
 */
import { z } from 'zod';
import { text } from '../schemas/text';
import { isLocalDate } from '../dates';
import { MAX_AMOUNT } from '../money';

const localDate = z.string().refine(isLocalDate, { message: 'validation.date' });
const instant = z.iso.datetime({ offset: true });
const note = text({ multiline: true }).trim().max(255).optional();

/** Cash collected in the field. The payment id doubles as its idempotency key. */
export const cashPaymentOp = z.object({
	type: z.literal('cash-payment'),
	paymentId: z.uuid(),
	customerId: z.uuid(),
	/** The invoice the technician collected for; null = on account (applied oldest first). */
	invoiceId: z.uuid().nullable(),
	amount: z.int().min(1).max(MAX_AMOUNT),
	/** When the money changed hands, by the phone's clock. */
	receivedAt: instant,
	note
});

/** A new installation registered in the field; provisioned on the router once applied. */
export const registerCustomerOp = z.object({
	type: z.literal('register-customer'),
	customerId: z.uuid(),
	subscriptionId: z.uuid(),
	name: text().trim().min(2).max(120),
	phone: text().trim().max(32).optional(),
	address: text({ multiline: true }).trim().min(3).max(500),
	areaId: z.uuid(),
	latitude: z.number().min(-90).max(90).optional(),
	longitude: z.number().min(-180).max(180).optional(),
	packageId: z.uuid(),
	serviceUsername: z.string().trim().regex(/^[A-Za-z0-9._@-]{1,64}$/, { message: 'validation.serviceUsername' }).optional(),
	servicePassword: text().min(4).max(64).optional(),
	startDate: localDate,
	note
});

/** A visit that collected nothing: not home, a promise to pay on a date, or a refusal. */
export const visitOp = z
	.object({
		type: z.literal('visit'),
		visitId: z.uuid(),
		customerId: z.uuid(),
		outcome: z.enum(['not-home', 'promised', 'refused']),
		promisedDate: localDate.optional(),
		visitedAt: instant,
		note
	})
	.refine((v) => v.outcome !== 'promised' || v.promisedDate !== undefined, {
		message: 'validation.required',
		path: ['promisedDate']
	});

/**
 * Cash handed over to the office: the payments it covers and the total the technician counted.
 * No payments at all is a hand-over that pays down what the collector still owes.
 */
export const handoverOp = z.object({
	type: z.literal('handover'),
	handoverId: z.uuid(),
	paymentIds: z.array(z.uuid()).max(2000),
	amount: z.int().min(0).max(MAX_AMOUNT),
	createdAt: instant,
	note
});

export const syncOperation = z.union([cashPaymentOp, registerCustomerOp, visitOp, handoverOp]);
export type SyncOperation = z.infer<typeof syncOperation>;
export type SyncOperationType = SyncOperation['type'];

/**
 * The push envelope. Each operation is checked on its own by the server (`syncOperation`), not
 * here: an operation it cannot accept — a field the schema refuses, text the database cannot
 * store — is answered `rejected` naming the field and stored, while the ones after it go on. Were
 * the whole push refused instead, a phone holding such an operation could never sync again.
 */
export const pushInput = z.object({
	deviceId: z.uuid(),
	operations: z
		.array(
			z.object({
				/** Per-device, increasing by one from 1; the server applies them in this order. */
				seq: z.int().min(1),
				opId: z.uuid(),
				op: z.unknown()
			})
		)
		.max(1000)
});
/** What the server takes: operations still unchecked. */
export type PushEnvelope = z.infer<typeof pushInput>;
/** What a phone sends: operations it built with the schemas above. */
export type PushInput = { deviceId: string; operations: Array<{ seq: number; opId: string; op: SyncOperation }> };

/**
 * `applied` and `rejected` are final and stored (a resend returns the same answer); `retry`
 * means "not applied, try again later" (e.g. the database was busy) — the phone stops pushing
 * at the first `retry` and keeps order.
 */
export interface PushOpResult {
	seq: number;
	opId: string;
	status: 'applied' | 'rejected' | 'retry';
	/** What the office should know (e.g. the server receipt number, credit created, flags). */
	result?: Record<string, unknown>;
	/** i18n key + params, so the phone shows the reason in its own language. */
	error?: { key: string; params?: Record<string, string | number> };
}

export interface PushOutput {
	results: PushOpResult[];
	/** Highest seq the server has applied or rejected for this device. */
	lastAppliedSeq: number;
}
