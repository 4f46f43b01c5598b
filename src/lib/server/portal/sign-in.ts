/**
 * Signing a customer in without a password to forget: a six-digit code sent by WhatsApp to the
 * number the office has on file, or, where no gateway is configured, the customer code and a PIN
 * the office set. The answers never say whether a number or code belongs to a customer: a code
 * request is answered "sent" either way (and no faster for a stranger), and every failed check
 * is the same "wrong or expired". The limits and the guessing maths are in docs/PORTAL.md.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers, portalCodes } from '../db/schema';
import { normalisePhone } from '../../shared/phone';
import { translate } from '../../shared/i18n/index';
import type { Language } from '../../shared/domain';
import { enqueueMessage } from '../whatsapp/enqueue';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/password';
import { customerCodeOf } from '../reconcile/isolir-lookup';
import { readIspProfile } from '../settings/profile';
import { PORTAL_LIMITS, takeCodeForNumber, takePinTry, takeSignInRequest, type PortalLimits } from './limits';

export type CodeRequest = { status: 'sent' } | { status: 'invalid' } | { status: 'tooMany'; retryAt: Date };
export type SignInCheck = { status: 'ok'; customerId: string } | { status: 'wrong' } | { status: 'invalid' } | { status: 'tooMany'; retryAt: Date };

export const PIN_PATTERN = /^\d{6}$/;
const CODE_PATTERN = /^\d{6}$/;

export interface SignInOptions {
	secret: string;
	now?: Date;
	limits?: PortalLimits;
	/**
	 * A code request takes at least this long, customer or not, so the time of the answer does not
	 * tell a stranger's number from a customer's (the customer's path writes a code and a message).
	 */
	floorMs?: number;
}

const DEFAULT_FLOOR_MS = 400;

function codeHash(secret: string, phone: string, code: string): string {
	return createHmac('sha256', secret).update(`portal-code\n${phone}\n${code}`).digest('hex');
}

async function padTo(started: number, floorMs: number): Promise<void> {
	const left = started + floorMs - performance.now();
	if (left > 0) await new Promise((r) => setTimeout(r, left));
}

/** Sends a fresh code to the number if a customer has it; answers the same either way. */
export async function requestCode(db: Db, rawPhone: unknown, address: string, lang: Language, opts: SignInOptions): Promise<CodeRequest> {
	const started = performance.now();
	const now = opts.now ?? new Date();
	const limits = opts.limits ?? PORTAL_LIMITS;
	const phone = typeof rawPhone === 'string' ? normalisePhone(rawPhone.slice(0, 32)) : null;
	if (!phone) return { status: 'invalid' };
	const bySource = await takeSignInRequest(db, address, now, limits);
	if (!bySource.allowed) return { status: 'tooMany', retryAt: bySource.retryAt };
	const byNumber = await takeCodeForNumber(db, phone, now, limits);
	if (!byNumber.allowed) return { status: 'tooMany', retryAt: byNumber.retryAt };

	// A number several customers share signs in as the first of them (docs/PORTAL.md).
	const [customer] = await db
		.select({ id: customers.id })
		.from(customers)
		.where(and(eq(customers.phone, phone), isNull(customers.deletedAt)))
		.orderBy(asc(customers.code))
		.limit(1);
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
	const hash = codeHash(opts.secret, phone, code);
	if (customer) {
		const isp = (await readIspProfile(db)).name;
		const expiresAt = new Date(now.getTime() + limits.codeMinutes * 60_000);
		await db.transaction(async (tx) => {
			// Only the newest code counts: earlier ones for this number end now.
			await tx.update(portalCodes).set({ expiresAt: now }).where(and(eq(portalCodes.phone, phone), isNull(portalCodes.usedAt), gt(portalCodes.expiresAt, now)));
			const [inserted] = await tx.insert(portalCodes).values({ customerId: customer.id, phone, codeHash: hash, expiresAt, createdAt: now }).$returningId();
			await enqueueMessage(tx, {
				dedupeKey: `portal-code:${inserted.id}`,
				customerId: customer.id,
				phone,
				kind: 'one_time_code',
				body: translate(lang, 'portal.codeMessage', { isp, code, minutes: limits.codeMinutes }),
				expiresAt
			});
		});
	}
	await padTo(started, opts.floorMs ?? DEFAULT_FLOOR_MS);
	return { status: 'sent' };
}

/**
 * Checks a code typed for a number. The try is counted on the code row before comparing (one
 * conditional UPDATE), so parallel guesses cannot exceed the code's tries; the right code is
 * spent by a second conditional UPDATE, so it signs in once.
 */
export async function checkCode(db: Db, rawPhone: unknown, rawCode: unknown, address: string, opts: SignInOptions): Promise<SignInCheck> {
	const now = opts.now ?? new Date();
	const limits = opts.limits ?? PORTAL_LIMITS;
	const phone = typeof rawPhone === 'string' ? normalisePhone(rawPhone.slice(0, 32)) : null;
	const code = typeof rawCode === 'string' ? rawCode.replace(/\s/g, '') : '';
	if (!phone || !CODE_PATTERN.test(code)) return { status: 'invalid' };
	const allowance = await takeSignInRequest(db, address, now, limits);
	if (!allowance.allowed) return { status: 'tooMany', retryAt: allowance.retryAt };

	const [row] = await db
		.select({ id: portalCodes.id, customerId: portalCodes.customerId, codeHash: portalCodes.codeHash })
		.from(portalCodes)
		.where(and(eq(portalCodes.phone, phone), isNull(portalCodes.usedAt), gt(portalCodes.expiresAt, now)))
		.orderBy(sql`${portalCodes.id} DESC`)
		.limit(1);
	if (!row) return { status: 'wrong' };
	const [claimed] = await db
		.update(portalCodes)
		.set({ attempts: sql`${portalCodes.attempts} + 1` })
		.where(and(eq(portalCodes.id, row.id), isNull(portalCodes.usedAt), gt(portalCodes.expiresAt, now), lt(portalCodes.attempts, limits.triesPerCode)));
	if (claimed.affectedRows === 0) return { status: 'wrong' };
	const matches = timingSafeEqual(Buffer.from(codeHash(opts.secret, phone, code)), Buffer.from(row.codeHash));
	if (!matches) return { status: 'wrong' };
	const [spent] = await db.update(portalCodes).set({ usedAt: now }).where(and(eq(portalCodes.id, row.id), isNull(portalCodes.usedAt)));
	return spent.affectedRows === 1 ? { status: 'ok', customerId: row.customerId } : { status: 'wrong' };
}

/** Customer code + PIN: for ISPs without a WhatsApp gateway. An unknown code costs a hash check too. */
export async function checkPin(db: Db, rawCustomerCode: unknown, rawPin: unknown, address: string, opts: Omit<SignInOptions, 'floorMs'>): Promise<SignInCheck> {
	const now = opts.now ?? new Date();
	const limits = opts.limits ?? PORTAL_LIMITS;
	const customerCode = typeof rawCustomerCode === 'string' ? customerCodeOf(rawCustomerCode.slice(0, 32)) : null;
	const pin = typeof rawPin === 'string' ? rawPin.trim() : '';
	if (!customerCode || !PIN_PATTERN.test(pin)) return { status: 'invalid' };
	const bySource = await takeSignInRequest(db, address, now, limits);
	if (!bySource.allowed) return { status: 'tooMany', retryAt: bySource.retryAt };
	const byCustomer = await takePinTry(db, customerCode, now, limits);
	if (!byCustomer.allowed) return { status: 'tooMany', retryAt: byCustomer.retryAt };

	const [customer] = await db
		.select({ id: customers.id, pinHash: customers.portalPinHash })
		.from(customers)
		.where(and(eq(customers.code, customerCode), isNull(customers.deletedAt)));
	if (!customer?.pinHash) {
		await burnPasswordCheck(pin);
		return { status: 'wrong' };
	}
	return (await verifyPassword(customer.pinHash, pin)) ? { status: 'ok', customerId: customer.id } : { status: 'wrong' };
}

/** The office sets or replaces a customer's PIN (hashed like staff passwords). */
export async function hashPin(pin: string): Promise<string> {
	return hashPassword(pin);
}
