/**
 * The whole MySQL schema. Conventions (see docs/ARCHITECTURE.md):
 * - Business rows a phone may create offline have client-generated UUID keys (char 36).
 * - Money is integer rupiah in BIGINT; instants are DATETIME(3) in UTC; billing dates are DATE in
 *   the ISP's local calendar.
 * - Tables the technician's phone caches carry `version` (from sync_counter, see version.ts) and
 *   `deleted_at` (soft delete), so sync pull is "rows with version > cursor".
 * - Every retryable write has a UNIQUE key that makes the retry a no-op.
 */
import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	char,
	date,
	datetime,
	decimal,
	index,
	int,
	json,
	mysqlEnum,
	mysqlTable,
	primaryKey,
	smallint,
	text,
	tinyint,
	uniqueIndex,
	varchar,
	type AnyMySqlColumn
} from 'drizzle-orm/mysql-core';
import {
	INVOICE_STATUSES,
	ISOLATION_METHODS,
	PAYMENT_METHODS,
	PAYMENT_FLAG_REASONS,
	PAYMENT_SOURCES,
	ROLES,
	ROUTER_JOB_STATUSES,
	ROUTER_STATES,
	SERVICE_TYPES,
	SUBSCRIPTION_STATUSES,
	CUSTOMER_STATUSES,
	LANGUAGES
} from '../../shared/domain';
import { WA_ATTEMPT_OUTCOMES, WA_MESSAGE_KINDS, WA_MESSAGE_STATUSES } from '../../shared/whatsapp';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookEventType } from '../../shared/webhooks';

const uuid = (name?: string) => (name ? char(name, { length: 36 }) : char({ length: 36 }));
const money = () => bigint({ mode: 'number' });
const instant = () => datetime({ mode: 'date', fsp: 3 });
const localDate = () => date({ mode: 'string' });

const timestamps = {
	createdAt: instant()
		.notNull()
		.default(sql`CURRENT_TIMESTAMP(3)`),
	updatedAt: instant()
		.notNull()
		.default(sql`CURRENT_TIMESTAMP(3)`)
		.$onUpdate(() => new Date())
};

/** Columns of every table the technician's phone caches. */
const syncColumns = {
	version: bigint({ mode: 'number' }).notNull().default(0),
	deletedAt: instant()
};

// ---------------------------------------------------------------------------------------------
// Staff and sessions

export const users = mysqlTable(
	'users',
	{
		id: uuid().primaryKey(),
		username: varchar({ length: 64 }).notNull(),
		name: varchar({ length: 120 }).notNull(),
		passwordHash: varchar({ length: 255 }).notNull(),
		role: mysqlEnum(ROLES).notNull(),
		phone: varchar({ length: 32 }),
		active: boolean().notNull().default(true),
		language: mysqlEnum(LANGUAGES).notNull().default('id'),
		...timestamps
	},
	(t) => [uniqueIndex('users_username_uq').on(t.username)]
);

export const sessions = mysqlTable(
	'sessions',
	{
		/** HMAC-SHA256 of the cookie token: a leaked table gives no usable cookie. */
		id: char({ length: 64 }).primaryKey(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		lastSeenAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		expiresAt: instant().notNull(),
		revokedAt: instant(),
		ipAddress: varchar({ length: 64 }),
		userAgent: varchar({ length: 255 })
	},
	(t) => [index('sessions_user_idx').on(t.userId, t.expiresAt), index('sessions_expires_idx').on(t.expiresAt)]
);

/** Failed sign-ins counted per username and per client address (see auth/login-throttle.ts). */
export const loginThrottle = mysqlTable(
	'login_throttle',
	{
		scope: mysqlEnum(['username', 'address']).notNull(),
		subject: varchar({ length: 128 }).notNull(),
		failures: int().notNull().default(0),
		windowStartedAt: instant().notNull(),
		lockedUntil: instant()
	},
	(t) => [primaryKey({ columns: [t.scope, t.subject] }), index('login_throttle_window_idx').on(t.windowStartedAt)]
);

// ---------------------------------------------------------------------------------------------
// Network and catalogue

export const areas = mysqlTable(
	'areas',
	{
		id: uuid().primaryKey(),
		name: varchar({ length: 100 }).notNull(),
		description: varchar({ length: 255 }),
		/** The router that serves the neighbourhood: where a field installation here is provisioned. */
		routerId: uuid().references((): AnyMySqlColumn => routers.id, { onDelete: 'set null' }),
		...syncColumns,
		...timestamps
	},
	(t) => [uniqueIndex('areas_name_uq').on(t.name), index('areas_version_idx').on(t.version)]
);

/** Which areas a technician works; technicians see and collect only there. */
export const userAreas = mysqlTable(
	'user_areas',
	{
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		areaId: uuid()
			.notNull()
			.references(() => areas.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.userId, t.areaId] }), index('user_areas_area_idx').on(t.areaId)]
);

export const routers = mysqlTable(
	'routers',
	{
		id: uuid().primaryKey(),
		name: varchar({ length: 100 }).notNull(),
		host: varchar({ length: 255 }).notNull(),
		apiPort: smallint({ unsigned: true }).notNull().default(8728),
		useTls: boolean().notNull().default(false),
		username: varchar({ length: 64 }).notNull(),
		/** AES-256-GCM envelope from crypto/secret-box.ts. */
		passwordEnc: text().notNull(),
		rosMajor: tinyint({ unsigned: true }),
		rosVersion: varchar({ length: 32 }),
		boardName: varchar({ length: 64 }),
		isolationMethod: mysqlEnum(ISOLATION_METHODS).notNull().default('profile'),
		isolirProfile: varchar({ length: 64 }).notNull().default('isolir'),
		isolirAddressList: varchar({ length: 64 }).notNull().default('isolir'),
		status: mysqlEnum(['unknown', 'up', 'down']).notNull().default('unknown'),
		lastError: varchar({ length: 500 }),
		lastSeenAt: instant(),
		/** When the monitor last tried the router, whether or not it answered. */
		lastCheckedAt: instant(),
		/** Reconcile fixes drift by itself instead of only reporting it. */
		autoFixDrift: boolean().notNull().default(false),
		/** Live traffic: the monitor samples this interface every few seconds until watchUntil. */
		watchInterface: varchar({ length: 64 }),
		watchUntil: instant(),
		deletedAt: instant(),
		...timestamps
	},
	(t) => [uniqueIndex('routers_name_uq').on(t.name)]
);

export const packages = mysqlTable(
	'packages',
	{
		id: uuid().primaryKey(),
		name: varchar({ length: 100 }).notNull(),
		price: money().notNull(),
		serviceType: mysqlEnum(SERVICE_TYPES).notNull().default('pppoe'),
		/** PPP or hotspot profile on the router that carries this package's rate limit. */
		routerProfile: varchar({ length: 64 }).notNull(),
		/** RouterOS rate-limit string, e.g. `10M/10M` (rx/tx = client upload/download). */
		rateLimit: varchar({ length: 128 }).notNull(),
		burst: varchar({ length: 128 }),
		priority: tinyint({ unsigned: true }).notNull().default(8),
		active: boolean().notNull().default(true),
		...syncColumns,
		...timestamps
	},
	(t) => [uniqueIndex('packages_name_uq').on(t.name), index('packages_version_idx').on(t.version)]
);

// ---------------------------------------------------------------------------------------------
// Customers and subscriptions

export const customers = mysqlTable(
	'customers',
	{
		id: uuid().primaryKey(),
		/** Human code, e.g. C000123, from number_counters scope CUSTOMER. */
		code: varchar({ length: 16 }).notNull(),
		name: varchar({ length: 120 }).notNull(),
		phone: varchar({ length: 32 }),
		email: varchar({ length: 255 }),
		address: varchar({ length: 500 }).notNull(),
		areaId: uuid()
			.notNull()
			.references(() => areas.id),
		latitude: decimal({ precision: 9, scale: 6 }),
		longitude: decimal({ precision: 9, scale: 6 }),
		status: mysqlEnum(CUSTOMER_STATUSES).notNull().default('active'),
		/** Unspent surplus in rupiah, consumed by the next invoice (billing rules, DESIGN §4). */
		creditBalance: money().notNull().default(0),
		notes: text(),
		/** Asked for no WhatsApp reminders: the outbox skips reminder kinds; receipts still go (docs/WHATSAPP.md). */
		whatsappOptOut: boolean().notNull().default(false),
		/** argon2id hash of the portal PIN the office set, for sign-in where no WhatsApp gateway is configured. */
		portalPinHash: varchar({ length: 255 }),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		...syncColumns,
		...timestamps
	},
	(t) => [
		uniqueIndex('customers_code_uq').on(t.code),
		index('customers_area_version_idx').on(t.areaId, t.version),
		index('customers_version_idx').on(t.version),
		index('customers_name_idx').on(t.name),
		index('customers_phone_idx').on(t.phone),
		// The billing run looks up the few customers holding credit.
		index('customers_credit_idx').on(t.creditBalance)
	]
);

export const subscriptions = mysqlTable(
	'subscriptions',
	{
		id: uuid().primaryKey(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id),
		packageId: uuid()
			.notNull()
			.references(() => packages.id),
		routerId: uuid().references(() => routers.id),
		serviceUsername: varchar({ length: 64 }),
		/**
		 * The username while the subscription is alive, NULL once terminated: the UNIQUE key on
		 * (router, this) lets a terminated customer's username be given to someone new.
		 */
		liveServiceUsername: varchar({ length: 64 }),
		servicePasswordEnc: text(),
		staticIp: varchar({ length: 45 }),
		/** Day of month 1–28 the period starts on (see docs/ARCHITECTURE.md for 29–31). */
		billingDay: tinyint({ unsigned: true }).notNull(),
		startDate: localDate().notNull(),
		/** Last day covered by a paid invoice; null until the first one is paid. */
		paidThrough: localDate(),
		status: mysqlEnum(SUBSCRIPTION_STATUSES).notNull().default('active'),
		/** What Lunas wants the router to show; router jobs converge the router to it. */
		desiredRouterState: mysqlEnum(ROUTER_STATES).notNull().default('active'),
		/** What a router job last read back from the router. */
		confirmedRouterState: mysqlEnum([...ROUTER_STATES, 'unknown']).notNull().default('unknown'),
		autoRenew: boolean().notNull().default(true),
		/**
		 * Free of charge (e.g. the RW's night-watch post): kept on the router and reconciled like any
		 * other, but never invoiced, prorated or isolated for arrears.
		 */
		complimentary: boolean().notNull().default(false),
		/** Why it is isolated: `arrears` (the overdue run may lift it) or `manual` (only a person may). */
		isolationReason: mysqlEnum(['arrears', 'manual']),
		isolatedAt: instant(),
		/** A promise to pay: the overdue run does not isolate for arrears up to and including this day. */
		isolationHoldUntil: localDate(),
		terminatedAt: instant(),
		...syncColumns,
		...timestamps
	},
	(t) => [
		// A service username is unique on its router while the subscription is alive.
		uniqueIndex('subscriptions_router_username_uq').on(t.routerId, t.liveServiceUsername),
		index('subscriptions_customer_idx').on(t.customerId),
		index('subscriptions_status_day_idx').on(t.status, t.billingDay),
		index('subscriptions_version_idx').on(t.version),
		index('subscriptions_username_idx').on(t.serviceUsername)
	]
);

// ---------------------------------------------------------------------------------------------
// Invoices and payments

export const invoices = mysqlTable(
	'invoices',
	{
		id: uuid().primaryKey(),
		/** INV-YYYYMM-NNNNNN, gap-free per month (number_counters, allocated in the same transaction). */
		number: varchar({ length: 32 }).notNull(),
		subscriptionId: uuid()
			.notNull()
			.references(() => subscriptions.id),
		customerId: uuid()
			.notNull()
			.references(() => customers.id),
		periodStart: localDate().notNull(),
		periodEnd: localDate().notNull(),
		amount: money().notNull(),
		amountPaid: money().notNull().default(0),
		dueDate: localDate().notNull(),
		status: mysqlEnum(INVOICE_STATUSES).notNull().default('unpaid'),
		overdueSince: localDate(),
		/** Random ≥128-bit token for the public pay page; never the id. */
		payToken: varchar({ length: 64 }).notNull(),
		voidReason: varchar({ length: 255 }),
		voidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		issuedAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		...syncColumns,
		...timestamps
	},
	(t) => [
		uniqueIndex('invoices_number_uq').on(t.number),
		uniqueIndex('invoices_subscription_period_uq').on(t.subscriptionId, t.periodStart),
		uniqueIndex('invoices_pay_token_uq').on(t.payToken),
		index('invoices_customer_idx').on(t.customerId, t.status),
		index('invoices_status_due_idx').on(t.status, t.dueDate),
		// The dashboard's unpaid total and arrears aging read only this index (reports/dashboard.ts).
		index('invoices_open_idx').on(t.status, t.deletedAt, t.dueDate, t.amount, t.amountPaid),
		// The invoice list's default order; keyset pages seek on (due_date, id).
		index('invoices_due_idx').on(t.dueDate),
		index('invoices_version_idx').on(t.version)
	]
);

/** What an invoice is made of; Midtrans item_details are built from these and sum to the amount. */
export const invoiceItems = mysqlTable(
	'invoice_items',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		invoiceId: uuid()
			.notNull()
			.references(() => invoices.id, { onDelete: 'cascade' }),
		kind: mysqlEnum(['package', 'proration', 'adjustment']).notNull(),
		description: varchar({ length: 255 }).notNull(),
		amount: money().notNull()
	},
	(t) => [index('invoice_items_invoice_idx').on(t.invoiceId)]
);

/**
 * A charge or refund waiting for the subscription's next invoice, e.g. the price difference for
 * the rest of a period after a package change. The billing run moves it onto an invoice line.
 */
export const billingAdjustments = mysqlTable(
	'billing_adjustments',
	{
		id: uuid().primaryKey(),
		subscriptionId: uuid()
			.notNull()
			.references(() => subscriptions.id),
		amount: money().notNull(),
		description: varchar({ length: 255 }).notNull(),
		/** Makes the action that created it retryable (e.g. `package-change:<audit id>`). */
		sourceKey: varchar({ length: 128 }).notNull(),
		invoiceId: uuid().references(() => invoices.id),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`)
	},
	(t) => [
		uniqueIndex('billing_adjustments_source_uq').on(t.sourceKey),
		index('billing_adjustments_pending_idx').on(t.subscriptionId, t.invoiceId)
	]
);

/** Gap-free number allocation: the row stays locked until the allocating transaction commits. */
export const numberCounters = mysqlTable('number_counters', {
	scope: varchar({ length: 32 }).primaryKey(),
	lastValue: bigint({ mode: 'number' }).notNull().default(0)
});

export const payments = mysqlTable(
	'payments',
	{
		/** Client-generated UUID when a phone records it offline. */
		id: uuid().primaryKey(),
		/**
		 * RCP-YYYYMM-NNNNNN, gap-free per month, for money received (cash, transfer, Midtrans).
		 * NULL for ledger-internal entries: credit applied to an invoice, and voiding entries.
		 */
		receiptNumber: varchar({ length: 32 }),
		customerId: uuid()
			.notNull()
			.references(() => customers.id),
		/** The invoice the payer pointed at, if any; the split is in payment_allocations. */
		invoiceId: uuid().references(() => invoices.id),
		/** Positive for money in; a voiding entry carries the negated amount. */
		amount: money().notNull(),
		method: mysqlEnum(PAYMENT_METHODS).notNull(),
		collectedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		receivedAt: instant().notNull(),
		/** Where the write came from; with externalId it makes retries idempotent. */
		source: mysqlEnum(PAYMENT_SOURCES).notNull(),
		externalId: varchar({ length: 100 }).notNull(),
		voidsPaymentId: uuid().references((): AnyMySqlColumn => payments.id),
		voidReason: varchar({ length: 255 }),
		/**
		 * A refund: a negative entry paying back (part of) the credit this payment left, in cash or
		 * by transfer (`method`), with its reason. Several partial refunds may point at one payment.
		 */
		refundsPaymentId: uuid().references((): AnyMySqlColumn => payments.id),
		refundReason: varchar({ length: 255 }),
		/** Set when the office must look at it (amount mismatch, paid twice, refund, …). */
		flag: varchar({ length: 255 }),
		/**
		 * Someone at the office looked at the flag; the flag itself stays as history. Office-only,
		 * so marking it takes no sync version: phones never receive flags.
		 */
		flagReviewedAt: instant(),
		flagReviewedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		flagReviewNote: varchar({ length: 255 }),
		note: varchar({ length: 255 }),
		version: bigint({ mode: 'number' }).notNull().default(0),
		createdAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`)
	},
	(t) => [
		uniqueIndex('payments_source_external_uq').on(t.source, t.externalId),
		uniqueIndex('payments_receipt_uq').on(t.receiptNumber),
		// A payment can be voided once.
		uniqueIndex('payments_voids_uq').on(t.voidsPaymentId),
		index('payments_refunds_idx').on(t.refundsPaymentId),
		index('payments_customer_idx').on(t.customerId, t.receivedAt),
		index('payments_received_idx').on(t.receivedAt),
		// Revenue per month and collections by method read only this index (reports/dashboard.ts).
		index('payments_received_method_amount_idx').on(t.receivedAt, t.method, t.amount),
		index('payments_collector_idx').on(t.collectedBy, t.receivedAt),
		index('payments_version_idx').on(t.version),
		// "Flagged, not yet reviewed" (the dashboard's count, the payments filter) is a range scan of this index.
		index('payments_flag_review_idx').on(t.flagReviewedAt, t.flag)
	]
);

/**
 * The review reasons of a payment as a proper enum, one row per reason (a payment may have
 * several). `payments.flag` keeps the readable summary the payments page shows; this is what
 * code and reports select on.
 */
export const paymentFlags = mysqlTable(
	'payment_flags',
	{
		paymentId: uuid()
			.notNull()
			.references(() => payments.id),
		reason: mysqlEnum(PAYMENT_FLAG_REASONS).notNull(),
		createdAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`)
	},
	(t) => [primaryKey({ columns: [t.paymentId, t.reason] }), index('payment_flags_reason_idx').on(t.reason, t.createdAt)]
);

export const paymentAllocations = mysqlTable(
	'payment_allocations',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		paymentId: uuid()
			.notNull()
			.references(() => payments.id),
		invoiceId: uuid()
			.notNull()
			.references(() => invoices.id),
		amount: money().notNull()
	},
	(t) => [
		uniqueIndex('payment_allocations_uq').on(t.paymentId, t.invoiceId),
		index('payment_allocations_invoice_idx').on(t.invoiceId)
	]
);

// ---------------------------------------------------------------------------------------------
// Router jobs

export const routerJobs = mysqlTable(
	'router_jobs',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		routerId: uuid()
			.notNull()
			.references(() => routers.id),
		subscriptionId: uuid().references(() => subscriptions.id),
		action: varchar({ length: 32 }).notNull(),
		desiredState: mysqlEnum(ROUTER_STATES),
		payload: json(),
		status: mysqlEnum(ROUTER_JOB_STATUSES).notNull().default('queued'),
		attempts: int().notNull().default(0),
		maxAttempts: int().notNull().default(8),
		nextAttemptAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		lockedBy: varchar({ length: 64 }),
		lockedUntil: instant(),
		lastError: varchar({ length: 1000 }),
		/** What the job read back (or found, for probe/reconcile/import), and its progress. */
		result: json(),
		/** The staff member who asked for it; null for the billing engine and the scheduler. */
		requestedBy: uuid().references(() => users.id),
		/** Makes "enqueue this" retryable: the same key enqueues once. */
		dedupeKey: varchar({ length: 128 }),
		startedAt: instant(),
		finishedAt: instant(),
		...timestamps
	},
	(t) => [
		uniqueIndex('router_jobs_dedupe_uq').on(t.dedupeKey),
		index('router_jobs_claim_idx').on(t.status, t.nextAttemptAt),
		index('router_jobs_router_idx').on(t.routerId, t.status),
		index('router_jobs_subscription_idx').on(t.subscriptionId)
	]
);

/**
 * The monitor's latest reading of a router, one row per kind (`resource`, `online`, `interfaces`,
 * `traffic`): pages read these instead of asking the router, so a dead router never slows them.
 */
export const routerSnapshots = mysqlTable(
	'router_snapshots',
	{
		routerId: uuid()
			.notNull()
			.references(() => routers.id),
		kind: varchar({ length: 32 }).notNull(),
		data: json().notNull(),
		takenAt: instant().notNull()
	},
	(t) => [primaryKey({ columns: [t.routerId, t.kind] })]
);

/**
 * Differences the last reconcile found between Lunas and a router. Each reconcile replaces the
 * router's rows, so the table always says what is wrong now.
 */
export const routerDrift = mysqlTable(
	'router_drift',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		routerId: uuid()
			.notNull()
			.references(() => routers.id),
		subscriptionId: uuid().references(() => subscriptions.id),
		serviceUsername: varchar({ length: 64 }).notNull(),
		kind: varchar({ length: 32 }).notNull(),
		detail: json(),
		detectedAt: instant().notNull(),
		fixJobId: bigint({ mode: 'number', unsigned: true })
	},
	(t) => [uniqueIndex('router_drift_uq').on(t.routerId, t.kind, t.serviceUsername)]
);

// ---------------------------------------------------------------------------------------------
// Offline sync

export const syncDevices = mysqlTable(
	'sync_devices',
	{
		id: uuid().primaryKey(),
		userId: uuid()
			.notNull()
			.references(() => users.id),
		lastAppliedSeq: bigint({ mode: 'number' }).notNull().default(0),
		lastSeenAt: instant(),
		userAgent: varchar({ length: 255 }),
		/** The technician's area set at the device's last full pull; a change answers `reset`. */
		scopeHash: char({ length: 64 }),
		lastPushAt: instant(),
		lastPullAt: instant(),
		/** The last time the device was turned away because its account is disabled. */
		refusedAt: instant(),
		/** How many operations it tried to push then (they stay on the phone for review). */
		refusedOps: int().notNull().default(0),
		...timestamps
	},
	(t) => [index('sync_devices_user_idx').on(t.userId)]
);

export const syncOps = mysqlTable(
	'sync_ops',
	{
		deviceId: uuid()
			.notNull()
			.references(() => syncDevices.id),
		seq: bigint({ mode: 'number' }).notNull(),
		opId: uuid().notNull(),
		type: varchar({ length: 48 }).notNull(),
		payload: json().notNull(),
		status: mysqlEnum(['applied', 'rejected']).notNull(),
		result: json(),
		error: varchar({ length: 500 }),
		appliedAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		/** The office dealt with a refused operation; it leaves the list and the dashboard's count. */
		reviewedAt: instant(),
		reviewedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		reviewNote: varchar({ length: 255 })
	},
	(t) => [
		primaryKey({ columns: [t.deviceId, t.seq] }),
		uniqueIndex('sync_ops_op_uq').on(t.opId),
		index('sync_ops_status_idx').on(t.status, t.appliedAt),
		// Refused and not yet dealt with, newest first: the sync page's default list and the dashboard's count.
		index('sync_ops_review_idx').on(t.status, t.reviewedAt, t.appliedAt)
	]
);

/**
 * An operation that failed for a reason nobody classified (neither a business rule nor something
 * temporary), counted per device and operation id: after a few attempts it is stored as rejected
 * (sync/push.ts), so one operation can never hold a phone's queue for ever. Only the failures are
 * written here; an operation that applies leaves no row.
 */
export const syncOpFailures = mysqlTable(
	'sync_op_failures',
	{
		deviceId: uuid().notNull(),
		opId: uuid().notNull(),
		seq: bigint({ mode: 'number' }).notNull(),
		attempts: int().notNull().default(0),
		/** The driver's or the code's error, for the log reader; never shown to the phone. */
		lastError: varchar({ length: 500 }),
		lastFailedAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`)
	},
	(t) => [primaryKey({ columns: [t.deviceId, t.opId] })]
);

/** A technician's visit that collected nothing; a promise to pay holds isolation until that day. */
export const visits = mysqlTable(
	'visits',
	{
		/** Client-generated on the phone. */
		id: uuid().primaryKey(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id),
		userId: uuid()
			.notNull()
			.references(() => users.id),
		deviceId: uuid(),
		outcome: mysqlEnum(['not-home', 'promised', 'refused']).notNull(),
		promisedDate: localDate(),
		note: varchar({ length: 255 }),
		visitedAt: instant().notNull(),
		createdAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`)
	},
	(t) => [index('visits_customer_idx').on(t.customerId, t.visitedAt), index('visits_user_idx').on(t.userId, t.visitedAt)]
);

/**
 * Cash a technician hands to the office: what the listed payments add up to, what the technician
 * counted, and — once the office confirms — what the office counted.
 */
export const cashHandovers = mysqlTable(
	'cash_handovers',
	{
		/** Client-generated on the phone. */
		id: uuid().primaryKey(),
		technicianId: uuid()
			.notNull()
			.references(() => users.id),
		deviceId: uuid(),
		/** Sum of the payments handed over, as the ledger has them. */
		expectedAmount: money().notNull(),
		/** What the technician counted. */
		amount: money().notNull(),
		/** What the office counted on confirming. */
		countedAmount: money(),
		status: mysqlEnum(['pending', 'confirmed']).notNull().default('pending'),
		note: varchar({ length: 255 }),
		/** When the technician handed it over, by the phone's clock. */
		handedOverAt: instant().notNull(),
		confirmedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		confirmedAt: instant(),
		confirmNote: varchar({ length: 255 }),
		...syncColumns,
		...timestamps
	},
	(t) => [
		index('cash_handovers_technician_version_idx').on(t.technicianId, t.version),
		index('cash_handovers_status_idx').on(t.status, t.handedOverAt),
		index('cash_handovers_version_idx').on(t.version)
	]
);

/**
 * A collector's shortfall an admin wrote off, with the reason: it comes off the cash the
 * collector still owes (sync/collector-balance.ts). The id comes from the form, so a resend
 * writes it once.
 */
export const cashWriteoffs = mysqlTable(
	'cash_writeoffs',
	{
		id: uuid().primaryKey(),
		collectorId: uuid()
			.notNull()
			.references(() => users.id),
		amount: money().notNull(),
		reason: varchar({ length: 255 }).notNull(),
		createdBy: uuid()
			.notNull()
			.references(() => users.id),
		createdAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`)
	},
	(t) => [index('cash_writeoffs_collector_idx').on(t.collectorId, t.createdAt)]
);

/** Which payments a hand-over covers; the primary key hands each payment over once. */
export const handoverPayments = mysqlTable(
	'handover_payments',
	{
		paymentId: uuid()
			.primaryKey()
			.references(() => payments.id),
		handoverId: uuid()
			.notNull()
			.references(() => cashHandovers.id)
	},
	(t) => [index('handover_payments_handover_idx').on(t.handoverId)]
);

/**
 * The one-row counter behind every `version` column. A writer bumps it inside its transaction
 * and holds the row lock until commit, so versions become visible in the order they were taken.
 */
export const syncCounter = mysqlTable('sync_counter', {
	id: tinyint({ unsigned: true }).primaryKey(),
	value: bigint({ mode: 'number' }).notNull().default(0)
});

// ---------------------------------------------------------------------------------------------
// Midtrans

/** One Snap transaction per payment attempt (a new attempt needs a new order id). */
export const midtransTransactions = mysqlTable(
	'midtrans_transactions',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		invoiceId: uuid()
			.notNull()
			.references(() => invoices.id),
		orderId: varchar({ length: 50 }).notNull(),
		/**
		 * `invoice`: what `invoiceId` still owes. `all`: everything the customer owes (pay
		 * everything owed, issue #13), oldest first; `invoiceId` is then the invoice whose page
		 * started it, and the payment is allocated by the ledger's one planner with no invoice pointed.
		 */
		scope: mysqlEnum(['invoice', 'all']).notNull().default('invoice'),
		grossAmount: money().notNull(),
		snapToken: varchar({ length: 255 }),
		redirectUrl: varchar({ length: 500 }),
		transactionId: varchar({ length: 64 }),
		status: varchar({ length: 32 }).notNull().default('created'),
		paymentType: varchar({ length: 32 }),
		expiresAt: instant(),
		/** What Midtrans says was paid (gross_amount of the confirmed status), once paid. */
		paidAmount: money(),
		/** The ledger entry the payment became, once paid. */
		paymentId: uuid(),
		/** Set when the office must look at it: amount mismatch, refund, paid after void, … */
		flag: varchar({ length: 255 }),
		lastCheckedAt: instant(),
		/**
		 * The invoice while this attempt waits for Snap's answer, then null: UNIQUE, so one invoice
		 * has one attempt being opened at a time and a second tap reuses it (midtrans/snap.ts).
		 */
		openingInvoiceId: uuid(),
		...timestamps
	},
	(t) => [
		uniqueIndex('midtrans_transactions_order_uq').on(t.orderId),
		uniqueIndex('midtrans_transactions_opening_uq').on(t.openingInvoiceId),
		uniqueIndex('midtrans_transactions_txn_uq').on(t.transactionId),
		index('midtrans_transactions_invoice_idx').on(t.invoiceId),
		index('midtrans_transactions_status_idx').on(t.status, t.createdAt)
	]
);

export const midtransNotifications = mysqlTable(
	'midtrans_notifications',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		receivedAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		orderId: varchar({ length: 64 }),
		transactionId: varchar({ length: 64 }),
		transactionStatus: varchar({ length: 32 }),
		raw: json().notNull(),
		signatureValid: boolean().notNull(),
		outcome: varchar({ length: 64 }),
		detail: varchar({ length: 500 }),
		processedAt: instant(),
		/** Failed processing attempts; the background retry gives up after a few. */
		processAttempts: int().notNull().default(0)
	},
	(t) => [
		index('midtrans_notifications_order_idx').on(t.orderId),
		index('midtrans_notifications_pending_idx').on(t.processedAt),
		index('midtrans_notifications_received_idx').on(t.receivedAt)
	]
);

/** Every question Lunas asked the status API, and its answer: the office's trail of an attempt. */
export const midtransStatusChecks = mysqlTable(
	'midtrans_status_checks',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		orderId: varchar({ length: 50 }).notNull(),
		checkedAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		/** Why it asked: `notification`, `scheduled` or `pay-page`. */
		reason: varchar({ length: 16 }).notNull(),
		transactionStatus: varchar({ length: 32 }),
		outcome: varchar({ length: 64 }).notNull(),
		detail: varchar({ length: 500 })
	},
	(t) => [index('midtrans_status_checks_order_idx').on(t.orderId, t.checkedAt)]
);

// ---------------------------------------------------------------------------------------------
// Operations

export const auditLog = mysqlTable(
	'audit_log',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		at: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		userId: uuid().references(() => users.id, { onDelete: 'set null' }),
		action: varchar({ length: 64 }).notNull(),
		entity: varchar({ length: 48 }).notNull(),
		entityId: varchar({ length: 64 }),
		before: json(),
		after: json(),
		ipAddress: varchar({ length: 64 }),
		/** Set when the change came through the REST API: the key that made it (user_id is its creator). */
		apiKeyId: uuid()
	},
	(t) => [
		index('audit_log_entity_idx').on(t.entity, t.entityId),
		index('audit_log_user_idx').on(t.userId, t.at),
		index('audit_log_at_idx').on(t.at)
	]
);

// ---------------------------------------------------------------------------------------------
// REST API

/**
 * Keys for integrations (n8n, a WhatsApp bot, accounting). Only the SHA-256 of the secret is kept:
 * the secret is 32 random bytes, so a fast hash is enough (nothing to brute-force, unlike a
 * password) and lets a request find its key by an indexed lookup. `area_ids` null = all areas.
 */
export const apiKeys = mysqlTable(
	'api_keys',
	{
		id: uuid().primaryKey(),
		name: varchar({ length: 80 }).notNull(),
		/** The first characters of the secret, shown in the list so an admin can tell keys apart. */
		prefix: varchar({ length: 16 }).notNull(),
		secretHash: char({ length: 64 }).notNull(),
		scope: mysqlEnum(['read', 'read-write']).notNull(),
		areaIds: json().$type<string[] | null>(),
		expiresAt: instant(),
		createdBy: uuid()
			.notNull()
			.references(() => users.id),
		createdAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		lastUsedAt: instant(),
		revokedAt: instant()
	},
	(t) => [uniqueIndex('api_keys_secret_hash_uq').on(t.secretHash), uniqueIndex('api_keys_name_uq').on(t.name)]
);

/**
 * Outgoing webhook endpoints an admin registered. The signing secret is sealed with secret-box
 * (SECRETS_KEY), as the Midtrans server key is: it must be read back to sign, so it cannot be
 * hashed like an API key. A deleted endpoint keeps its row for the delivery log.
 */
export const webhookEndpoints = mysqlTable('webhook_endpoints', {
	id: uuid().primaryKey(),
	url: varchar({ length: 500 }).notNull(),
	description: varchar({ length: 120 }).notNull().default(''),
	events: json().$type<WebhookEventType[]>().notNull(),
	secretEnc: varchar({ length: 255 }).notNull(),
	createdBy: uuid()
		.notNull()
		.references(() => users.id),
	createdAt: instant()
		.notNull()
		.default(sql`CURRENT_TIMESTAMP(3)`),
	deletedAt: instant()
});

/**
 * The webhook outbox: one row per (endpoint, event), written in the event's own transaction.
 * The UNIQUE key makes a replayed event one delivery. `body` is the exact bytes sent (and signed),
 * so a retry or a re-send by hand delivers the same document.
 */
export const webhookDeliveries = mysqlTable(
	'webhook_deliveries',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		endpointId: uuid()
			.notNull()
			.references(() => webhookEndpoints.id),
		eventId: char({ length: 36 }).notNull(),
		eventType: varchar({ length: 40 }).notNull(),
		body: text().notNull(),
		status: mysqlEnum(WEBHOOK_DELIVERY_STATUSES).notNull().default('queued'),
		attempts: int().notNull().default(0),
		maxAttempts: int().notNull().default(10),
		nextAttemptAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		lockedBy: varchar({ length: 64 }),
		lockedUntil: instant(),
		lastStatusCode: smallint(),
		lastError: varchar({ length: 500 }),
		deliveredAt: instant(),
		...timestamps
	},
	(t) => [
		uniqueIndex('webhook_deliveries_event_uq').on(t.endpointId, t.eventId),
		index('webhook_deliveries_claim_idx').on(t.status, t.nextAttemptAt),
		index('webhook_deliveries_log_idx').on(t.endpointId, t.createdAt)
	]
);

/** Every POST made for a delivery: the delivery log an admin reads (status, response code, time). */
export const webhookDeliveryAttempts = mysqlTable(
	'webhook_delivery_attempts',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		deliveryId: bigint({ mode: 'number', unsigned: true })
			.notNull()
			.references(() => webhookDeliveries.id),
		attempt: int().notNull(),
		startedAt: instant().notNull(),
		finishedAt: instant(),
		/** Null while the POST is under way, or when no answer came. */
		statusCode: smallint(),
		durationMs: int(),
		error: varchar({ length: 500 })
	},
	(t) => [uniqueIndex('webhook_delivery_attempts_uq').on(t.deliveryId, t.attempt)]
);

/**
 * Stored answers of POSTs sent with an Idempotency-Key: one row per (key, Idempotency-Key). A
 * resend with the same request gets the stored answer; another request under the same
 * Idempotency-Key is refused.
 */
export const apiIdempotency = mysqlTable(
	'api_idempotency',
	{
		apiKeyId: uuid().notNull(),
		idempotencyKey: varchar({ length: 128 }).notNull(),
		/** SHA-256 of method, path and body. */
		requestHash: char({ length: 64 }).notNull(),
		status: smallint().notNull(),
		body: json().notNull(),
		createdAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`)
	},
	(t) => [primaryKey({ columns: [t.apiKeyId, t.idempotencyKey] }), index('api_idempotency_created_idx').on(t.createdAt)]
);

/** ISP settings edited in the office (profile, billing rules, templates); one JSON value per key. */
export const settings = mysqlTable('settings', {
	key: varchar({ length: 64 }).primaryKey(),
	value: json().notNull(),
	updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
	updatedAt: instant()
		.notNull()
		.default(sql`CURRENT_TIMESTAMP(3)`)
});

/**
 * "Sent" marks on the reminders page, so someone working through hundreds of WhatsApp messages
 * sees where they are. One per (list, subject, local day): the invoice for `due`, the
 * subscription for `isolated`. The UNIQUE key makes a double tap or a resend one mark.
 */
export const reminderMarks = mysqlTable(
	'reminder_marks',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		kind: mysqlEnum(['due', 'isolated']).notNull(),
		subjectId: uuid().notNull(),
		day: localDate().notNull(),
		markedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		markedAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`)
	},
	(t) => [uniqueIndex('reminder_marks_kind_subject_day_uq').on(t.kind, t.subjectId, t.day)]
);

/** Scheduled and on-demand runs (billing, overdue, reconcile): progress the office can watch. */
export const taskRuns = mysqlTable(
	'task_runs',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		task: varchar({ length: 48 }).notNull(),
		/** The local day a scheduled run is for; UNIQUE so two instances never both run it. */
		runKey: varchar({ length: 96 }),
		status: mysqlEnum(['running', 'done', 'failed']).notNull().default('running'),
		progress: json(),
		triggeredBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		error: varchar({ length: 1000 }),
		startedAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		heartbeatAt: instant(),
		finishedAt: instant()
	},
	(t) => [
		uniqueIndex('task_runs_run_key_uq').on(t.runKey),
		index('task_runs_task_idx').on(t.task, t.startedAt)
	]
);

/**
 * The WhatsApp outbox (docs/WHATSAPP.md): one row per message to a customer, written in the same
 * transaction as the event that causes it. `dedupe_key` is UNIQUE, so a retried event writes
 * nothing twice; workers claim rows like router jobs (lease, backoff, dead letter).
 */
export const waMessages = mysqlTable(
	'wa_messages',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		dedupeKey: varchar({ length: 191 }).notNull(),
		customerId: uuid().references(() => customers.id),
		/** E.164 with '+' (`+6281234567890`); null when the customer has no usable number. */
		phone: varchar({ length: 20 }),
		kind: mysqlEnum(WA_MESSAGE_KINDS).notNull(),
		/** False for receipts and codes: they go out during quiet hours too. */
		quietHours: boolean().notNull().default(true),
		body: text().notNull(),
		/** For Meta outside the 24-hour window: `{ name, language, params }` of an approved template. */
		template: json(),
		status: mysqlEnum(WA_MESSAGE_STATUSES).notNull().default('queued'),
		attempts: int().notNull().default(0),
		maxAttempts: int().notNull().default(8),
		nextAttemptAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		lockedBy: varchar({ length: 64 }),
		lockedUntil: instant(),
		/** The gateway of the last attempt, and the id it gave the message when it accepted it. */
		gateway: varchar({ length: 16 }),
		providerMessageId: varchar({ length: 128 }),
		lastError: varchar({ length: 1000 }),
		/** A reminder no longer worth sending after this instant is cancelled instead. */
		expiresAt: instant(),
		sentAt: instant(),
		deliveredAt: instant(),
		readAt: instant(),
		finishedAt: instant(),
		...timestamps
	},
	(t) => [
		uniqueIndex('wa_messages_dedupe_uq').on(t.dedupeKey),
		// Also serves the sweep of expired leases: few rows are ever `sending`.
		index('wa_messages_claim_idx').on(t.status, t.nextAttemptAt),
		index('wa_messages_expiry_idx').on(t.status, t.expiresAt),
		index('wa_messages_customer_idx').on(t.customerId, t.createdAt),
		index('wa_messages_provider_idx').on(t.providerMessageId)
	]
);

/** Every call made to a gateway for a message, with what the gateway answered. */
export const waMessageAttempts = mysqlTable(
	'wa_message_attempts',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		messageId: bigint({ mode: 'number', unsigned: true })
			.notNull()
			.references(() => waMessages.id),
		attempt: int().notNull(),
		workerId: varchar({ length: 64 }).notNull(),
		gateway: varchar({ length: 16 }).notNull(),
		startedAt: instant().notNull(),
		finishedAt: instant(),
		/** Null while the call is under way (or when the worker died during it). */
		outcome: mysqlEnum(WA_ATTEMPT_OUTCOMES),
		httpStatus: smallint(),
		providerMessageId: varchar({ length: 128 }),
		/** The gateway's answer (clipped), or what went wrong on the way. */
		answer: varchar({ length: 2000 })
	},
	(t) => [uniqueIndex('wa_message_attempts_uq').on(t.messageId, t.attempt)]
);

// ---------------------------------------------------------------------------------------------
// Customer portal (docs/PORTAL.md)

/** One-time sign-in codes sent by WhatsApp: only an HMAC of the code is kept. */
export const portalCodes = mysqlTable(
	'portal_codes',
	{
		id: bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id),
		/** The number as typed and normalised (08…): the code answers only for it. */
		phone: varchar({ length: 32 }).notNull(),
		/** HMAC-SHA256(SESSION_SECRET, code id + code). */
		codeHash: char({ length: 64 }).notNull(),
		attempts: int().notNull().default(0),
		expiresAt: instant().notNull(),
		usedAt: instant(),
		createdAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`)
	},
	(t) => [index('portal_codes_phone_idx').on(t.phone, t.createdAt), index('portal_codes_expires_idx').on(t.expiresAt)]
);

/** Customer sessions, apart from staff sessions (own cookie, own table, fixed lifetime). */
export const portalSessions = mysqlTable(
	'portal_sessions',
	{
		/** HMAC-SHA256 of the cookie token. */
		id: char({ length: 64 }).primaryKey(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id),
		createdAt: instant()
			.notNull()
			.default(sql`CURRENT_TIMESTAMP(3)`),
		expiresAt: instant().notNull(),
		revokedAt: instant()
	},
	(t) => [index('portal_sessions_customer_idx').on(t.customerId), index('portal_sessions_expires_idx').on(t.expiresAt)]
);

export const TICKET_CATEGORIES = ['no_connection', 'slow', 'billing', 'device', 'other'] as const;
export const TICKET_STATUSES = ['open', 'closed'] as const;

/** A problem a customer reported; work orders (issue #17, second half) grow from these. */
export const tickets = mysqlTable(
	'tickets',
	{
		/** Generated by the form (a hidden field): posting it twice stores one ticket. */
		id: uuid().primaryKey(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id),
		subscriptionId: uuid().references(() => subscriptions.id),
		category: mysqlEnum(TICKET_CATEGORIES).notNull(),
		description: text().notNull(),
		status: mysqlEnum(TICKET_STATUSES).notNull().default('open'),
		...timestamps
	},
	(t) => [index('tickets_status_idx').on(t.status, t.createdAt), index('tickets_customer_idx').on(t.customerId, t.createdAt)]
);
