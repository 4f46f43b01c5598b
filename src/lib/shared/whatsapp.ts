/**
 * The WhatsApp outbox's vocabulary, shared by the server and the office pages (browser-safe).
 * See docs/WHATSAPP.md for what each status means and which gateway answer leads to it.
 */

/**
 * - `queued`: waiting for its turn (or for quiet hours to end, or for a retry after a failure);
 * - `sending`: a worker holds it under a lease and is calling the gateway now;
 * - `sent`: the gateway accepted it (it has the gateway's message id);
 * - `delivered` / `read`: the gateway reported delivery / reading (Meta's status webhook);
 * - `failed`: refused for good — no valid WhatsApp number, or the gateway said the number is invalid;
 * - `dead`: gave up after its attempts; a person may retry it;
 * - `cancelled`: withdrawn (by a person, or expired before it could go out);
 * - `unsure`: a worker stopped while the gateway may already have accepted it; it is NOT resent
 *   automatically (the gateways have no idempotency key) — a person checks and decides.
 */
export const WA_MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'dead', 'cancelled', 'unsure'] as const;
export type WaMessageStatus = (typeof WA_MESSAGE_STATUSES)[number];

/** What caused a message. Reminders respect quiet hours; the others are answers the customer waits for. */
export const WA_MESSAGE_KINDS = [
	'invoice_issued',
	'due_soon',
	'due_today',
	'isolated',
	'payment_receipt',
	'restored',
	'handover_confirmed',
	'one_time_code',
	'test'
] as const;
export type WaMessageKind = (typeof WA_MESSAGE_KINDS)[number];

/** Kinds held back during quiet hours (no reminders at 02:00); receipts and codes go out at once. */
export const WA_QUIET_HOURS_KINDS: ReadonlySet<WaMessageKind> = new Set(['invoice_issued', 'due_soon', 'due_today', 'isolated']);

export const WA_GATEWAYS = ['links', 'fonnte', 'wablas', 'meta'] as const;
export type WaGatewayKind = (typeof WA_GATEWAYS)[number];

export const WA_ATTEMPT_OUTCOMES = ['accepted', 'retry', 'rejected', 'misconfigured', 'unknown', 'abandoned'] as const;
export type WaAttemptOutcome = (typeof WA_ATTEMPT_OUTCOMES)[number];
