/** Enumerations of the domain, shared by the schema, the zod inputs and the UI. */

export const ROLES = ['admin', 'office', 'technician'] as const;
export type Role = (typeof ROLES)[number];

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SERVICE_TYPES = ['pppoe', 'hotspot', 'static'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const ISOLATION_METHODS = ['disable', 'profile', 'address-list'] as const;
export type IsolationMethod = (typeof ISOLATION_METHODS)[number];

export const CUSTOMER_STATUSES = ['active', 'inactive'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const SUBSCRIPTION_STATUSES = ['active', 'isolated', 'terminated'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** What the router should show for a subscription: enabled, isolated, or no account at all. */
export const ROUTER_STATES = ['active', 'isolated', 'absent'] as const;
export type RouterState = (typeof ROUTER_STATES)[number];

export const INVOICE_STATUSES = ['unpaid', 'partial', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const PAYMENT_METHODS = ['cash', 'transfer', 'midtrans', 'credit'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** How the office pays a refund back to the customer. */
export const REFUND_METHODS = ['cash', 'transfer'] as const;
export type RefundMethod = (typeof REFUND_METHODS)[number];

/** Who wrote a payment row; (source, external id) is UNIQUE so a retried write lands once. */
export const PAYMENT_SOURCES = ['office', 'device', 'midtrans', 'system'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

/**
 * Why a payment waits for the office's look (`payment_flags.reason`, beside the readable
 * `payments.flag`). New review reasons (e.g. a likely duplicate) are added here and to the
 * column's enum by a migration.
 */
export const PAYMENT_FLAG_REASONS = ['cash-above-owed', 'likely-duplicate'] as const;
export type PaymentFlagReason = (typeof PAYMENT_FLAG_REASONS)[number];

export const ROUTER_JOB_STATUSES = ['queued', 'running', 'done', 'dead'] as const;
export type RouterJobStatus = (typeof ROUTER_JOB_STATUSES)[number];

/** Where each role lands after signing in. */
export const HOME_BY_ROLE: Record<Role, string> = {
	admin: '/office',
	office: '/office',
	technician: '/tech'
};
