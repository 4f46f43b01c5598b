/**
 * What each REST route answers, as zod schemas the OpenAPI document is generated from
 * (`z.toJSONSchema`, output side: an object lists every field it has and no others). They
 * describe what the services return after JSON (instants become ISO strings); the contract test
 * (tests/rest-contract.ts) checks every answer the REST specs get against them, so a service
 * that changes its shape fails there until the document says so.
 */
import { z } from 'zod';
import {
	CUSTOMER_STATUSES,
	INVOICE_STATUSES,
	ISOLATION_METHODS,
	PAYMENT_METHODS,
	PAYMENT_SOURCES,
	ROUTER_JOB_STATUSES,
	ROUTER_STATES,
	SERVICE_TYPES,
	SUBSCRIPTION_STATUSES
} from '../../shared/domain';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS } from '../../shared/webhooks';

const id = z.uuid();
const instant = z.iso.datetime().describe('UTC, ISO 8601');
const day = z.iso.date().describe('A billing date in the ISP\'s zone');
const rupiah = z.int().describe('Whole rupiah');
const text = z.string();
/** An audit row's before/after, or a job's result: any JSON object. */
const anyObject = z.record(z.string(), z.unknown());

/** A keyset page: pass `nextCursor` back as `cursor`. */
function page<T extends z.ZodType>(row: T) {
	return z.object({ rows: z.array(row), total: z.int(), nextCursor: text.nullable(), prevCursor: text.nullable() });
}

// Router jobs --------------------------------------------------------------------------------

export const jobAccepted = z.object({ jobId: z.int().describe('The router job'), href: text.describe('Where to follow it') });
/** 200 when no router serves the subscription yet: nothing to follow. */
export const noJob = z.object({ jobId: z.null(), href: z.null() });

export const routerJob = z.object({
	id: z.int(),
	routerId: id,
	subscriptionId: id.nullable(),
	action: text.describe('provision, isolate, restore, remove, kick, push-profile, probe, reconcile, import-preview or import'),
	status: z.enum(ROUTER_JOB_STATUSES),
	attempts: z.int(),
	maxAttempts: z.int(),
	nextAttemptAt: instant,
	lastError: text.nullable(),
	result: anyObject.nullable().describe('What the job read back or found (an import preview lists the accounts); null until it has run'),
	createdAt: instant,
	startedAt: instant.nullable(),
	finishedAt: instant.nullable()
});

// Customers ----------------------------------------------------------------------------------

const customerFields = {
	id,
	code: text,
	name: text,
	phone: text.nullable(),
	email: text.nullable(),
	address: text,
	areaId: id,
	areaName: text,
	latitude: z.number().nullable(),
	longitude: z.number().nullable(),
	status: z.enum(CUSTOMER_STATUSES),
	creditBalance: rupiah,
	notes: text.nullable(),
	version: z.int(),
	createdAt: instant,
	updatedAt: instant
};
export const customer = z.object(customerFields);

export const customerPage = page(
	z.object({
		id,
		code: text,
		name: text,
		phone: text.nullable(),
		areaId: id,
		status: z.enum(CUSTOMER_STATUSES),
		areaName: text,
		owed: rupiah,
		serviceUsernames: z.array(text)
	})
);

export const customerCreated = z.object({ id, code: text, created: z.boolean().describe('False for a resend that found the customer made') });

const subscriptionFields = {
	id,
	packageId: id,
	packageName: text,
	packagePrice: rupiah,
	serviceType: z.enum(SERVICE_TYPES),
	routerId: id.nullable(),
	routerName: text.nullable(),
	serviceUsername: text.nullable(),
	staticIp: text.nullable(),
	billingDay: z.int(),
	startDate: day,
	paidThrough: day.nullable(),
	status: z.enum(SUBSCRIPTION_STATUSES),
	desiredRouterState: z.enum(ROUTER_STATES),
	confirmedRouterState: z.enum([...ROUTER_STATES, 'unknown']),
	autoRenew: z.boolean(),
	complimentary: z.boolean().describe('Kept on the router, never invoiced'),
	terminatedAt: instant.nullable(),
	version: z.int()
};

const historyEntry = z.object({
	id: z.int(),
	at: instant,
	userName: text.nullable(),
	action: text,
	entity: text,
	entityId: text,
	before: anyObject.nullable(),
	after: anyObject.nullable()
});

const openInvoice = z.object({
	id,
	number: text,
	subscriptionId: id,
	periodStart: day,
	periodEnd: day,
	amount: rupiah,
	amountPaid: rupiah,
	dueDate: day,
	status: z.enum(INVOICE_STATUSES),
	overdueSince: day.nullable()
});

export const customerDetail = z.object({
	customer,
	subscriptions: z.array(z.object(subscriptionFields)),
	openInvoices: z.array(openInvoice),
	recentPayments: z.array(
		z.object({
			id,
			receiptNumber: text.nullable(),
			amount: rupiah.describe('Negative for a void or refund entry'),
			method: z.enum(PAYMENT_METHODS),
			receivedAt: instant,
			collectedByName: text.nullable(),
			invoiceNumber: text.nullable(),
			voidsPaymentId: id.nullable(),
			flag: text.nullable(),
			note: text.nullable()
		})
	),
	balance: z.object({ owed: rupiah, credit: rupiah, net: rupiah }),
	history: z.array(historyEntry),
	historyNames: z.record(z.string(), text).describe('Names of the ids the history mentions')
});

// Packages -----------------------------------------------------------------------------------

export const packageRow = z.object({
	id,
	name: text,
	price: rupiah.describe('A month, whole rupiah'),
	serviceType: z.enum(SERVICE_TYPES),
	routerProfile: text,
	rateLimit: text,
	burst: text.nullable(),
	priority: z.int(),
	active: z.boolean(),
	version: z.int(),
	updatedAt: instant,
	subscriptions: z.int().describe('Live subscriptions on the package')
});
export const packagePage = page(packageRow);

// Subscriptions ------------------------------------------------------------------------------

export const subscriptionPage = page(
	z.object({
		id,
		customerId: id,
		customerName: text,
		areaId: id,
		packageId: id,
		packageName: text,
		routerId: id.nullable(),
		serviceUsername: text.nullable(),
		status: z.enum(SUBSCRIPTION_STATUSES),
		isolationReason: text.nullable(),
		billingDay: z.int(),
		startDate: day,
		paidThrough: day.nullable(),
		createdAt: instant
	})
);

export const subscriptionDetail = z.object({
	customer: z.object({ id, code: text, name: text, areaId: id }),
	subscription: z.object({
		...subscriptionFields,
		isolationReason: text.nullable(),
		isolatedAt: instant.nullable(),
		isolationHoldUntil: day.nullable().describe('A promise to pay: no arrears isolation up to this day')
	})
});

export const subscriptionCreated = z.object({ id, duplicate: z.boolean().describe('True for a resend that found the subscription made') });

// Invoices -----------------------------------------------------------------------------------

export const invoicePage = page(
	z.object({
		id,
		number: text,
		status: z.enum(INVOICE_STATUSES),
		periodStart: day,
		periodEnd: day,
		dueDate: day,
		issuedAt: instant,
		amount: rupiah,
		amountPaid: rupiah,
		overdueSince: day.nullable(),
		customerId: id,
		customerName: text,
		customerCode: text,
		areaName: text
	})
);

export const invoiceDetail = z.object({
	// The open invoice of a customer's answer, with what only the invoice itself carries.
	invoice: openInvoice.extend({
		customerId: id,
		voidReason: text.nullable(),
		voidedBy: id.nullable(),
		issuedAt: instant,
		version: z.int(),
		deletedAt: instant.nullable(),
		createdAt: instant,
		updatedAt: instant
	}),
	payToken: text.nullable().describe('The customer\'s pay page is /pay/{payToken}'),
	customer: z.object({ id, code: text, name: text, phone: text.nullable(), address: text, areaId: id }),
	subscription: z.object({ id, serviceUsername: text.nullable(), status: z.enum(SUBSCRIPTION_STATUSES) }),
	packageName: text,
	items: z.array(z.object({ id: z.int(), invoiceId: id, kind: text, description: text, amount: rupiah })),
	money: z.array(
		z.object({
			paymentId: id,
			receiptNumber: text.nullable(),
			method: z.enum(PAYMENT_METHODS),
			receivedAt: instant,
			amount: rupiah.describe('What of the payment went to this invoice'),
			voidsPaymentId: id.nullable()
		})
	),
	history: z.array(z.object({ id: z.int(), at: instant, action: text, before: anyObject.nullable(), after: anyObject.nullable(), userName: text.nullable() }))
});

export const snapToken = z.object({ token: text, redirectUrl: z.url() });

// Payments -----------------------------------------------------------------------------------

export const paymentOutcome = z.object({
	paymentId: id,
	receiptNumber: text.nullable(),
	duplicate: z.boolean().describe('A resend of a payment already recorded: nothing changed'),
	allocations: z.array(z.object({ invoiceId: id, amount: rupiah })),
	creditAdded: rupiah,
	restoredSubscriptionIds: z.array(id),
	flag: text.nullable().describe('What the office is asked to look at on this payment')
});

export const paymentPage = page(
	z.object({
		id,
		receiptNumber: text.nullable(),
		receivedAt: instant,
		amount: rupiah,
		method: z.enum(PAYMENT_METHODS),
		source: z.enum(PAYMENT_SOURCES),
		voidsPaymentId: id.nullable(),
		refundsPaymentId: id.nullable(),
		refundReason: text.nullable(),
		flag: text.nullable(),
		flagReviewedAt: instant.nullable(),
		flagReviewerName: text.nullable(),
		flagReviewNote: text.nullable(),
		customerId: id,
		customerName: text,
		customerCode: text,
		collectorName: text.nullable(),
		voided: z.boolean(),
		refundable: rupiah
	})
);

export const receipt = z.object({
	payment: z.object({
		id,
		receiptNumber: text.nullable(),
		customerId: id,
		invoiceId: id.nullable(),
		amount: rupiah,
		method: z.enum(PAYMENT_METHODS),
		collectedBy: id.nullable(),
		receivedAt: instant,
		source: z.enum(PAYMENT_SOURCES),
		externalId: text,
		voidsPaymentId: id.nullable(),
		voidReason: text.nullable(),
		refundsPaymentId: id.nullable(),
		refundReason: text.nullable(),
		flag: text.nullable(),
		flagReviewedAt: instant.nullable(),
		flagReviewedBy: id.nullable(),
		flagReviewNote: text.nullable(),
		note: text.nullable(),
		version: z.int(),
		createdAt: instant
	}),
	customer: z.object({ id, code: text, name: text, address: text, phone: text.nullable(), areaId: id }),
	collectorName: text.nullable(),
	lines: z.array(z.object({ invoiceId: id, number: text, periodStart: day, periodEnd: day, amount: rupiah })),
	toCredit: rupiah,
	creditBalance: rupiah,
	voidedBy: z.object({ id, voidReason: text.nullable(), receivedAt: instant }).nullable()
});

export const voidOutcome = z.object({
	voidPaymentId: id,
	duplicate: z.boolean(),
	creditShortfall: rupiah.describe('Credit the customer had already spent that the void takes back')
});

// Routers ------------------------------------------------------------------------------------

const routerFields = {
	id,
	name: text,
	host: text,
	apiPort: z.int(),
	useTls: z.boolean(),
	username: text,
	isolationMethod: z.enum(ISOLATION_METHODS),
	isolirProfile: text,
	isolirAddressList: text,
	autoFixDrift: z.boolean(),
	status: z.enum(['unknown', 'up', 'down']),
	lastError: text.nullable(),
	lastSeenAt: instant.nullable(),
	lastCheckedAt: instant.nullable(),
	rosVersion: text.nullable(),
	rosMajor: z.int().nullable(),
	boardName: text.nullable(),
	watchInterface: text.nullable(),
	hasPassword: z.boolean().describe('The password itself never leaves Lunas'),
	subscriptions: z.int()
};

export const routerList = z.array(z.object({ ...routerFields, online: z.int().nullable().describe('People online at the last reading'), onlineAt: instant.nullable() }));

/** A monitor reading and when it was taken. */
function reading<T extends z.ZodType>(data: T) {
	return z.object({ data, takenAt: instant }).nullable();
}

export const routerDetailAnswer = z.object({
	router: z.object(routerFields),
	resource: reading(
		z.object({
			identity: text,
			version: text,
			rosMajor: z.int().nullable(),
			board: text.nullable(),
			architecture: text.nullable(),
			uptime: text,
			uptimeSeconds: z.number(),
			cpuLoad: z.number().nullable(),
			freeMemory: z.number().nullable(),
			totalMemory: z.number().nullable()
		})
	),
	online: reading(
		z.object({
			sessions: z.array(
				z.object({ service: z.enum(['pppoe', 'hotspot']), name: text, address: text.nullable(), uptime: text, uptimeSeconds: z.number(), callerId: text.nullable() })
			)
		})
	),
	interfaces: reading(
		z.object({
			interfaces: z.array(
				z.object({
					name: text,
					type: text.nullable(),
					running: z.boolean(),
					disabled: z.boolean(),
					macAddress: text.nullable(),
					rxBytes: z.number().nullable(),
					txBytes: z.number().nullable(),
					comment: text.nullable()
				})
			)
		})
	),
	traffic: reading(z.object({ interface: text, samples: z.array(z.object({ at: instant, rxBitsPerSecond: z.number(), txBitsPerSecond: z.number() })) }))
});

// Public -------------------------------------------------------------------------------------

const outlook = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('not-isolated') }),
	z.object({ kind: z.literal('lifts') }),
	z.object({ kind: z.literal('stays'), needed: rupiah.describe('What more must be paid to lift the isolation') })
]);

export const publicInvoice = z.object({
	isp: z.object({ name: text, phone: text }),
	invoice: z.object({
		number: text,
		status: z.enum(INVOICE_STATUSES),
		periodStart: day,
		periodEnd: day,
		amount: rupiah,
		amountPaid: rupiah,
		dueDate: day,
		firstName: text.describe('Only the first name'),
		outstanding: rupiah
	}),
	others: z.array(
		z.object({ number: text, periodStart: day, periodEnd: day, amount: rupiah, amountPaid: rupiah, dueDate: day, payToken: text.nullable(), outstanding: rupiah })
	),
	restoring: z.boolean().describe('A payment lifted the isolation and the router has not confirmed yet'),
	outlook: outlook.nullable().describe('What paying this invoice alone does to an isolation (null when it is not open)'),
	isolation: outlook,
	payAll: z
		.object({ total: rupiah, count: z.int(), outlook, startHere: z.boolean(), oldestToken: text.nullable() })
		.nullable()
		.describe('Paying everything owed in one transaction, when more than one invoice is open')
});

// Outgoing webhooks ----------------------------------------------------------------------------

export const webhookEndpointList = z.array(
	z.object({
		id,
		url: text,
		description: text,
		events: z.array(z.enum(WEBHOOK_EVENTS)),
		createdAt: instant,
		createdByName: text,
		delivered: z.int(),
		pending: z.int().describe('Queued or being sent'),
		dead: z.int().describe('Gave up after its attempts; can be re-sent')
	})
);

export const webhookCreated = z.object({
	id,
	secret: text.describe('The signing secret (`whsec_…`), shown this once: Lunas keeps it sealed and never answers it again')
});

export const webhookDeliveryList = z.array(
	z.object({
		id: z.int(),
		endpointId: id,
		url: text,
		eventId: id.describe('The same for every attempt and re-send: deduplicate by it'),
		eventType: z.enum(WEBHOOK_EVENTS),
		status: z.enum(WEBHOOK_DELIVERY_STATUSES),
		attempts: z.int(),
		lastStatusCode: z.int().nullable(),
		lastError: text.nullable(),
		nextAttemptAt: instant,
		deliveredAt: instant.nullable(),
		createdAt: instant,
		updatedAt: instant
	})
);

export const resendQueued = z.object({ deliveryId: z.int(), status: z.literal('queued') });
