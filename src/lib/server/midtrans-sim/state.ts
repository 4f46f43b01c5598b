/**
 * The simulator's memory: Snap transactions by order id and token, and what happened to each.
 * Field names and string formats follow Midtrans (amounts like "150000.00", times in WIB).
 */
import { randomUUID, randomBytes } from 'node:crypto';

export type SimMethod = 'va' | 'qris';

export interface SimItem {
	id?: string;
	price: number;
	quantity: number;
	name: string;
}

export interface SimTransaction {
	orderId: string;
	token: string;
	grossAmount: number;
	items: SimItem[];
	customer: Record<string, unknown>;
	finishUrl: string | null;
	createdAt: Date;
	expiresAt: Date;
	/** Null until the payer chooses a method: the status API answers 404 until then. */
	transactionId: string | null;
	status: string | null;
	paymentType: string | null;
	fraudStatus: string | null;
	transactionTime: Date | null;
	settlementTime: Date | null;
	/** What was actually paid; differs from grossAmount only when a test says so. */
	paidAmount: number | null;
	refundAmount: number;
	vaNumber: string | null;
}

export class SimState {
	private byOrder = new Map<string, SimTransaction>();
	private byTok = new Map<string, SimTransaction>();

	create(input: { orderId: string; grossAmount: number; items: SimItem[]; customer: Record<string, unknown>; finishUrl: string | null; expiryMinutes: number }): SimTransaction {
		const now = new Date();
		const tx: SimTransaction = {
			...input,
			token: randomUUID(),
			createdAt: now,
			expiresAt: new Date(now.getTime() + input.expiryMinutes * 60_000),
			transactionId: null,
			status: null,
			paymentType: null,
			fraudStatus: null,
			transactionTime: null,
			settlementTime: null,
			paidAmount: null,
			refundAmount: 0,
			vaNumber: null
		};
		this.byOrder.set(tx.orderId, tx);
		this.byTok.set(tx.token, tx);
		return tx;
	}

	has(orderId: string): boolean {
		return this.byOrder.has(orderId);
	}

	byOrderId(orderId: string): SimTransaction | undefined {
		return this.byOrder.get(orderId);
	}

	byToken(token: string): SimTransaction | undefined {
		return this.byTok.get(token);
	}

	all(): SimTransaction[] {
		return [...this.byOrder.values()];
	}

	/** The payer picked a method: Midtrans now knows a transaction and reports it pending. */
	choose(tx: SimTransaction, method: SimMethod | 'credit_card'): void {
		tx.transactionId ??= randomUUID();
		tx.transactionTime ??= new Date();
		tx.paymentType = method === 'va' ? 'bank_transfer' : method === 'qris' ? 'qris' : 'credit_card';
		if (method === 'va') tx.vaNumber ??= `8${randomBytes(5).readUIntBE(0, 5).toString().padStart(12, '0')}`.slice(0, 13);
	}
}

const STATUS_CODES: Record<string, string> = {
	capture: '200',
	settlement: '200',
	pending: '201',
	deny: '202',
	cancel: '200',
	expire: '407',
	refund: '200',
	partial_refund: '200'
};

export const statusCodeOf = (status: string): string => STATUS_CODES[status] ?? '200';

export const midtransAmount = (rupiah: number): string => `${rupiah}.00`;

/** "2026-11-24 08:15:00" in Jakarta time, as Midtrans writes it. */
export function midtransTime(d: Date): string {
	const wib = new Date(d.getTime() + 7 * 3600_000);
	return wib.toISOString().slice(0, 19).replace('T', ' ');
}

/** The transaction as the status API and the notifications describe it (without signature). */
export function describe(tx: SimTransaction): Record<string, unknown> {
	const status = tx.status ?? 'pending';
	const amount = tx.paidAmount ?? tx.grossAmount;
	const body: Record<string, unknown> = {
		status_code: statusCodeOf(status),
		status_message: 'Success, transaction is found',
		transaction_id: tx.transactionId,
		order_id: tx.orderId,
		merchant_id: 'G000000000',
		gross_amount: midtransAmount(amount),
		currency: 'IDR',
		payment_type: tx.paymentType,
		transaction_time: tx.transactionTime ? midtransTime(tx.transactionTime) : undefined,
		transaction_status: status,
		fraud_status: tx.fraudStatus ?? 'accept',
		expiry_time: midtransTime(tx.expiresAt)
	};
	if (tx.settlementTime) body.settlement_time = midtransTime(tx.settlementTime);
	if (tx.vaNumber) body.va_numbers = [{ bank: 'bca', va_number: tx.vaNumber }];
	if (tx.refundAmount > 0) body.refund_amount = midtransAmount(tx.refundAmount);
	return body;
}
