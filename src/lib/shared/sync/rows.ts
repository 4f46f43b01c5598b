/**
 * What sync pull sends to a technician's phone: the rows of their areas, as the phone stores
 * them in Dexie. Money is integer rupiah; dates are local `YYYY-MM-DD`; instants ISO strings.
 */
import { z } from 'zod';
import type { CashBound } from '../cash-bound';
import type { CustomerLanguage } from '../templates';

export interface PulledArea {
	id: string;
	name: string;
	version: number;
}

export interface PulledPackage {
	id: string;
	name: string;
	price: number;
	serviceType: 'pppoe' | 'hotspot';
	active: boolean;
	version: number;
}

export interface PulledCustomer {
	id: string;
	code: string;
	name: string;
	phone: string | null;
	address: string;
	areaId: string;
	latitude: number | null;
	longitude: number | null;
	status: 'active' | 'inactive';
	creditBalance: number;
	notes: string | null;
	version: number;
}

export interface PulledSubscription {
	id: string;
	customerId: string;
	packageId: string;
	status: 'active' | 'isolated' | 'terminated';
	serviceUsername: string | null;
	billingDay: number;
	paidThrough: string | null;
	version: number;
}

/** Only open invoices (unpaid/partial) live on the phone; others arrive as deletions. */
export interface PulledInvoice {
	id: string;
	number: string;
	subscriptionId: string;
	customerId: string;
	periodStart: string;
	periodEnd: string;
	amount: number;
	amountPaid: number;
	dueDate: string;
	status: 'unpaid' | 'partial';
	payToken: string;
	version: number;
}

/** Recent payments (for the customer card and "my cash today"). */
export interface PulledPayment {
	id: string;
	customerId: string;
	invoiceId: string | null;
	amount: number;
	method: 'cash' | 'transfer' | 'midtrans' | 'credit';
	receivedAt: string;
	receiptNumber: string | null;
	collectedBy: string | null;
	voided: boolean;
	/**
	 * The ledger found it likely paid twice (another channel took the same money): the phone warns.
	 * Always sent; optional because rows stored by an older phone and the phone's own unsent
	 * payments have no such word yet.
	 */
	likelyDuplicate?: boolean;
	/** What the office paid back of it (a refund of the credit it left); always sent, optional as above. */
	refunded?: number;
	version: number;
}

/** The technician's own hand-overs, with what the office counted once confirmed. */
export interface PulledHandover {
	id: string;
	amount: number;
	countedAmount: number | null;
	status: 'pending' | 'confirmed';
	paymentIds: string[];
	createdAt: string;
	confirmedAt: string | null;
	note: string | null;
	version: number;
}

export interface PulledRows {
	areas: PulledArea[];
	packages: PulledPackage[];
	customers: PulledCustomer[];
	subscriptions: PulledSubscription[];
	invoices: PulledInvoice[];
	payments: PulledPayment[];
	handovers: PulledHandover[];
}

export type PulledTable = keyof PulledRows;

export const pullInput = z.object({
	deviceId: z.uuid(),
	/** Highest version the phone has fully stored; 0 for a first (or reset) pull. */
	cursor: z.int().min(0),
	limit: z.int().min(1).max(5000).default(2000)
});

export interface PullOutput {
	rows: PulledRows;
	/** Rows to delete locally: soft-deleted, out of scope, or no longer open (invoices). */
	deletions: Array<{ table: PulledTable; id: string }>;
	/** Store everything above, then remember this; the next pull starts here. */
	cursor: number;
	/** More rows wait above `cursor`: pull again at once. */
	more: boolean;
	/**
	 * The technician's areas changed since this device last pulled: wipe the local copy
	 * (keep the outbox) and pull again from cursor 0.
	 */
	reset: boolean;
	/** Until when the phone may keep working offline without signing in again (ISO instant). */
	offlineUntil: string;
	user: { id: string; name: string; username: string };
	/**
	 * For the receipts the phone makes offline: the ISP's display name (settings `isp.profile`) and
	 * the receipt message template (settings `messages.templates`) its WhatsApp share fills; and
	 * the cash bound (settings `payments.cashBound`) above which the phone asks to confirm.
	 */
	isp: { name: string; receiptTemplate: string; cashBound?: CashBound; /** The customer-message language (absent from servers before it existed: Indonesian). */ customerLanguage?: CustomerLanguage };
	/**
	 * The cash this technician still owes the office as the server sees it in this snapshot: all
	 * field cash not yet counted by the office, short hand-overs included (collector-balance.ts).
	 */
	cashOwed: number;
}
