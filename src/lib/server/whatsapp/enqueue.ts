/**
 * Writing a message into the outbox — always inside the transaction of the event that causes it
 * (invoice issued, payment recorded…), so the message exists if and only if the event committed.
 * The UNIQUE dedupe key turns a retried event into a no-op; nothing is ever sent from here.
 */
import mysql from 'mysql2/promise';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/index';
import { internationalPhone } from '../../shared/phone';
import { WA_QUIET_HOURS_KINDS, type WaMessageKind } from '../../shared/whatsapp';
import type { WaTemplate } from './types';
import { nudgeWhatsApp } from './nudge';

export interface NewWaMessage {
	/** Same key, same message: e.g. `receipt:<payment id>`, `due_soon:<invoice id>`. At most 191 characters. */
	dedupeKey: string;
	customerId: string | null;
	/** As stored on the customer (08…, +62…); normalised here. */
	phone: string | null;
	kind: WaMessageKind;
	body: string;
	template?: WaTemplate | null;
	/** Not worth sending after this (a reminder for a day long past, a code that expired). */
	expiresAt?: Date | null;
}

/**
 * `+62` and an Indonesian mobile number (8…, 9 to 12 digits after the 8), or null. WhatsApp needs
 * a mobile number: a landline that `internationalPhone` accepts is refused here.
 */
export function whatsAppNumber(raw: string | null | undefined): string | null {
	const digits = internationalPhone(raw);
	return digits && /^628\d{8,11}$/.test(digits) ? `+${digits}` : null;
}

export const NO_NUMBER = 'no valid WhatsApp number on the customer';
const COLUMNS = ['dedupe_key', 'customer_id', 'phone', 'kind', 'quiet_hours', 'body', 'template', 'status', 'last_error', 'expires_at', 'finished_at'];
const HEAD = `INSERT INTO wa_messages (${COLUMNS.join(', ')}) VALUES `;
const TAIL = ' ON DUPLICATE KEY UPDATE id = id';
/**
 * One statement carries at most this many characters of rows: a UTF-8 character is at most 3
 * bytes per UTF-16 unit, so a statement stays under 12 MB, inside MariaDB's default 16 MB packet
 * whatever the templates hold. Fewer, larger statements: 20,000 reminders are 3 or 4 round trips.
 */
const STATEMENT_CHARS = 4_000_000;

function rowOf(m: NewWaMessage, now: Date): unknown[] {
	if (m.dedupeKey.length === 0 || m.dedupeKey.length > 191) throw new Error(`dedupe key must be 1–191 characters: ${m.dedupeKey.slice(0, 40)}…`);
	const phone = whatsAppNumber(m.phone);
	// A customer without a usable number is listed as failed at once, never retried.
	return [
		m.dedupeKey,
		m.customerId,
		phone,
		m.kind,
		WA_QUIET_HOURS_KINDS.has(m.kind) ? 1 : 0,
		m.body,
		m.template ? JSON.stringify(m.template) : null,
		phone ? 'queued' : 'failed',
		phone ? null : NO_NUMBER,
		m.expiresAt ?? null,
		phone ? null : now
	];
}

/**
 * Writes messages in the caller's transaction; duplicates (by dedupe key) are skipped silently.
 * Escaped by mysql2 itself in multi-row statements (as db/bulk-insert.ts, and for the same reason:
 * drizzle spends longer building a large statement than MariaDB spends running it).
 */
export async function enqueueMessages(tx: DbOrTx, messages: NewWaMessage[]): Promise<void> {
	const now = new Date();
	let rows: string[] = [];
	let chars = 0;
	const flush = async () => {
		if (rows.length === 0) return;
		const statement = HEAD + rows.join(',') + TAIL;
		rows = [];
		chars = 0;
		await tx.execute(sql.raw(statement));
	};
	for (const m of messages) {
		const row = mysql.format('(?)', [rowOf(m, now)] as Parameters<typeof mysql.format>[1], false, 'Z');
		if (chars + row.length > STATEMENT_CHARS) await flush();
		rows.push(row);
		chars += row.length + 1;
	}
	await flush();
	if (messages.length > 0) nudgeWhatsApp();
}

export async function enqueueMessage(tx: DbOrTx, message: NewWaMessage): Promise<void> {
	await enqueueMessages(tx, [message]);
}
