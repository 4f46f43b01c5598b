/**
 * Lunas's door to Midtrans, through midtrans-client. midtrans-client has no option for other
 * base URLs: it reads them from `apiConfig.getSnapApiBaseUrl()` / `getCoreApiBaseUrl()` on each
 * call, so overriding those two methods on our own Snap instance points it at the simulator
 * (MIDTRANS_SNAP_BASE_URL / MIDTRANS_API_BASE_URL) without touching the library's shared
 * statics. Everything else — auth header, errors — stays the library's.
 */
import midtransClient from 'midtrans-client';
import type { Config } from '../config';

export interface SnapItem {
	id: string;
	price: number;
	quantity: number;
	name: string;
}

export interface SnapRequest {
	transaction_details: { order_id: string; gross_amount: number };
	item_details: SnapItem[];
	customer_details: { first_name: string; phone?: string; email?: string };
	expiry: { unit: 'minute' | 'hour' | 'day'; duration: number };
	callbacks?: { finish?: string };
}

/** The fields of a status answer Lunas acts on (Midtrans sends strings). */
export interface MidtransStatus {
	order_id: string;
	transaction_id?: string;
	transaction_status: string;
	status_code?: string;
	gross_amount?: string;
	payment_type?: string;
	fraud_status?: string;
	refund_amount?: string;
	transaction_time?: string;
	settlement_time?: string;
	[key: string]: unknown;
}

export class MidtransApiError extends Error {
	constructor(
		message: string,
		public readonly httpStatus: number | null,
		public readonly body: unknown
	) {
		super(message);
		this.name = 'MidtransApiError';
	}
}

export interface MidtransGateway {
	readonly serverKey: string;
	readonly clientKey: string;
	/** Where the browser loads snap.js from. */
	readonly snapJsUrl: string;
	createSnap(request: SnapRequest): Promise<{ token: string; redirect_url: string }>;
	/** The transaction as Midtrans sees it now; null while Midtrans does not know it (404). */
	status(orderId: string): Promise<MidtransStatus | null>;
}

export interface GatewayOptions {
	serverKey: string;
	clientKey: string;
	isProduction: boolean;
	/** e.g. https://app.sandbox.midtrans.com — Snap lives under /snap/v1, snap.js under /snap. */
	snapBaseUrl?: string;
	/** e.g. https://api.sandbox.midtrans.com — the status API lives under /v2. */
	apiBaseUrl?: string;
}

interface SnapInternals {
	apiConfig: { getSnapApiBaseUrl(): string; getCoreApiBaseUrl(): string };
	transaction: { status(orderId: string): Promise<MidtransStatus> };
	createTransaction(p: SnapRequest): Promise<{ token: string; redirect_url: string }>;
}

interface LibraryError {
	httpStatusCode?: number | string | null;
	ApiResponse?: unknown;
	message?: string;
}

const trim = (u: string) => u.replace(/\/+$/, '');

function toApiError(err: unknown): MidtransApiError {
	const e = (err ?? {}) as LibraryError;
	const status = e.httpStatusCode == null ? null : Number(e.httpStatusCode);
	return new MidtransApiError(e.message ?? String(err), Number.isFinite(status) ? status : null, e.ApiResponse ?? null);
}

export function createMidtransGateway(opts: GatewayOptions): MidtransGateway {
	const snapBase = trim(opts.snapBaseUrl ?? (opts.isProduction ? 'https://app.midtrans.com' : 'https://app.sandbox.midtrans.com'));
	const apiBase = trim(opts.apiBaseUrl ?? (opts.isProduction ? 'https://api.midtrans.com' : 'https://api.sandbox.midtrans.com'));
	const snap = new midtransClient.Snap({ isProduction: opts.isProduction, serverKey: opts.serverKey, clientKey: opts.clientKey }) as unknown as SnapInternals;
	snap.apiConfig.getSnapApiBaseUrl = () => `${snapBase}/snap/v1`;
	snap.apiConfig.getCoreApiBaseUrl = () => apiBase;
	return {
		serverKey: opts.serverKey,
		clientKey: opts.clientKey,
		snapJsUrl: `${snapBase}/snap/snap.js`,
		async createSnap(request) {
			try {
				return await snap.createTransaction(request);
			} catch (err) {
				throw toApiError(err);
			}
		},
		async status(orderId) {
			try {
				return await snap.transaction.status(encodeURIComponent(orderId));
			} catch (err) {
				const apiError = toApiError(err);
				if (apiError.httpStatus === 404) return null;
				throw apiError;
			}
		}
	};
}

export function gatewayOptionsFrom(config: Config): GatewayOptions {
	return {
		serverKey: config.MIDTRANS_SERVER_KEY,
		clientKey: config.MIDTRANS_CLIENT_KEY,
		isProduction: config.MIDTRANS_IS_PRODUCTION,
		snapBaseUrl: config.MIDTRANS_SNAP_BASE_URL,
		apiBaseUrl: config.MIDTRANS_API_BASE_URL
	};
}
