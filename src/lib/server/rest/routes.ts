/**
 * The REST API's routes (issue #20): each is one call of the same service the tRPC procedure
 * calls, with the key's area scope checked first. The OpenAPI document is generated from this
 * table, so a route cannot exist without being described.
 */
import { uuidFromName } from '../crypto/name-uuid';
import { z } from 'zod';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { customerCreateInput, customerFields, customerListInput, customerUpdateInput, packageListInput } from '../../shared/schemas/catalogue';
import { invoiceListInput, isolateInput, paymentListInput, reason, restoreInput, subscriptionCreateInput } from '../../shared/schemas/billing';
import { importStartInput } from '../../shared/schemas/router-sync';
import { text } from '../../shared/schemas/text';
import { MAX_AMOUNT } from '../../shared/money';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from '../catalogue/customers.service';
import { getPackage, listPackages } from '../catalogue/packages.service';
import { getInvoice, getReceipt, getSubscription, listInvoices, listPayments } from '../billing/queries';
import { recordPayment, voidPayment } from '../billing/payments';
import { createSubscription, isolateByHand, kickSubscription, provisionSubscription, restoreByHand } from '../billing/subscriptions';
import { listSubscriptions } from '../billing/subscription-list';
import { subscriptionListInput } from '../../shared/schemas/subscription-list';
import { enqueueProbe, listRouters, routerDetail } from '../routers/routers.service';
import { pushPackageProfile } from '../routers/push-profile.service';
import { RouterNotFoundError, startImport, startImportPreview } from '../reconcile/sync-service';
import { parseJsonColumn } from '../router-jobs/queue';
import { loadPayPage } from '../midtrans/pay-page';
import { startPaymentForToken } from '../midtrans/pay-actions';
import { areas, customers, routerJobs, subscriptions } from '../db/schema';
import { conflict, forbidden, invalidField, notFound, unavailable } from '../errors';
import { webhookCreateInput } from '../../shared/schemas/webhooks';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, resendWebhookDelivery } from '../webhooks/endpoints.service';
import { RestAnswer, type RestCall, type RestRoute } from './types';
import * as R from './responses';

const idParams = z.object({ id: z.uuid({ error: 'validation.unknown' }) });
/** Auto-increment ids: router jobs, webhook deliveries. */
const serialIdParams = z.object({ id: z.coerce.number().int().positive() });

/** "Not found" for anything outside the key's areas, the same answer as for no such row. */
function requireArea(call: RestCall, areaId: string): void {
	if (call.actor.areaIds && !call.actor.areaIds.includes(areaId)) throw notFound('api.notFound');
}

/**
 * A create sent with an Idempotency-Key gets an id derived from (key, Idempotency-Key), so the
 * service's own UNIQUE key (the customer's or subscription's PRIMARY KEY, the payment's
 * (source, external_id)) makes a resend land once even if two copies race past the stored answer.
 */
export function derivedId(call: RestCall, purpose: string): string | undefined {
	if (!call.idempotencyKey || !call.key) return undefined;
	return uuidFromName(`${call.key.id}\u0000${purpose}\u0000${call.idempotencyKey}`);
}

/** Routers an area-limited key may see: those named by its areas. */
async function visibleRouterIds(call: RestCall): Promise<string[] | null> {
	if (!call.actor.areaIds) return null;
	const rows = await call.db
		.select({ routerId: areas.routerId })
		.from(areas)
		.where(and(inArray(areas.id, call.actor.areaIds), isNull(areas.deletedAt)));
	return rows.flatMap((r) => (r.routerId ? [r.routerId] : []));
}

async function requireRouter(call: RestCall, routerId: string): Promise<void> {
	const visible = await visibleRouterIds(call);
	if (visible && !visible.includes(routerId)) throw notFound('api.notFound');
}

/**
 * A change the router must follow: 202 with the router job to follow at `href` (also the
 * Location), or 200 with no job when no router serves the subscription yet.
 */
function jobAccepted(jobId: number | null): RestAnswer {
	if (jobId === null) return new RestAnswer(200, { jobId: null, href: null });
	const href = `/api/v1/router-jobs/${jobId}`;
	return new RestAnswer(202, { jobId, href }, { location: href });
}

/** The import services' "no such router" is the API's 404. */
async function onLiveRouter<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (err) {
		if (err instanceof RouterNotFoundError) throw notFound('api.notFound');
		throw err;
	}
}

/**
 * An area-limited key follows a job on a router its areas name, or one about a subscription of
 * its areas (a router serving several areas need not be named by this one).
 */
async function requireJobVisible(call: RestCall, job: { routerId: string; subscriptionId: string | null }): Promise<void> {
	if (!call.actor.areaIds) return;
	const visible = await visibleRouterIds(call);
	if (visible?.includes(job.routerId)) return;
	if (job.subscriptionId) {
		const [row] = await call.db
			.select({ areaId: customers.areaId })
			.from(subscriptions)
			.innerJoin(customers, eq(customers.id, subscriptions.customerId))
			.where(eq(subscriptions.id, job.subscriptionId));
		if (row && call.actor.areaIds.includes(row.areaId)) return;
	}
	throw notFound('api.notFound');
}

/** Webhook endpoints receive events about every customer: a key limited to some areas may not manage them. */
function requireAllAreas(call: RestCall): void {
	if (call.actor.areaIds) throw forbidden('api.allAreasOnly');
}

/** A resend with the same Idempotency-Key names the same request, so the service queues one job. */
const requestIdOf = (call: RestCall, purpose: string) => derivedId(call, purpose) ?? crypto.randomUUID();

const JOB_ACCEPTED = { jobId: 815, href: '/api/v1/router-jobs/815' };

const created = (body: unknown, duplicate: boolean) => new RestAnswer(duplicate ? 200 : 201, body);

// Inputs the REST API takes in its own shape (JSON has no Date; the key supplies idempotency).

const paymentCreateBody = z.object({
	customerId: z.uuid(),
	invoiceId: z.uuid().optional(),
	amount: z.int({ message: 'validation.amount' }).positive({ message: 'validation.amount' }).max(MAX_AMOUNT, { message: 'validation.amount' }),
	method: z.enum(['cash', 'transfer']),
	receivedAt: z.iso.datetime({ offset: true }).optional(),
	note: text({ multiline: true }).trim().max(255).optional()
});

const markPaidBody = z.object({
	/** Whole rupiah; the invoice's outstanding amount when left out. */
	amount: paymentCreateBody.shape.amount.optional(),
	method: z.enum(['cash', 'transfer']).default('transfer'),
	receivedAt: z.iso.datetime({ offset: true }).optional(),
	note: text({ multiline: true }).trim().max(255).optional()
});

const voidBody = z.object({ reason });
const customerCreateBody = customerCreateInput;
/** Only the fields sent change; the merged customer is checked as a whole (customerUpdateInput). */
const customerUpdateBody = z.object(customerFields).partial();
const payTokenParams = z.object({ payToken: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { message: 'validation.unknown' }) });

async function recordFor(call: RestCall, customerId: string, invoiceId: string | null, body: { amount: number; method: 'cash' | 'transfer'; receivedAt?: string; note?: string }) {
	const customer = await getCustomer(call.db, customerId, call.actor);
	requireArea(call, customer.customer.areaId);
	// Without an Idempotency-Key each request is a new payment.
	const id = derivedId(call, 'payment') ?? crypto.randomUUID();
	const outcome = await recordPayment(
		call.db,
		{
			id,
			customerId,
			invoiceId,
			amount: body.amount,
			method: body.method,
			receivedAt: body.receivedAt ? new Date(body.receivedAt) : new Date(),
			source: 'office',
			externalId: `api:${id}`,
			collectedBy: call.actor.userId,
			note: body.note ?? null
		},
		await call.ledger()
	);
	return created(outcome, outcome.duplicate);
}

const EXAMPLE_CUSTOMER = {
	name: 'Siti Aminah',
	phone: '081234567890',
	email: null,
	address: 'Jl. Merdeka No. 1, RT 02/RW 05, Teluk, Purwokerto',
	areaId: '0b6f2a4e-5d1c-4d7e-9a53-2f1b8c3d4e5f',
	latitude: -7.4312,
	longitude: 109.2478,
	status: 'active',
	notes: null
};

export const REST_ROUTES: RestRoute[] = [
	// Customers -------------------------------------------------------------------------------
	{
		method: 'GET',
		path: '/customers',
		operationId: 'listCustomers',
		tag: 'Customers',
		summary: 'List customers (search, filter, keyset pages)',
		description: 'Pages by `cursor`: pass `nextCursor` from the previous answer. `search` matches name, service username, code and phone.',
		access: 'read',
		query: customerListInput,
		responseDescription: 'A page of customers: `rows`, `total`, `nextCursor`, `prevCursor`.',
		response: R.customerPage,
		run: (c) => listCustomers(c.db, c.query, c.actor)
	},
	{
		method: 'GET',
		path: '/customers/{id}',
		operationId: 'getCustomer',
		tag: 'Customers',
		summary: 'One customer with subscriptions, open invoices, recent payments and balance',
		access: 'read',
		params: idParams,
		responseDescription: 'The customer; amounts are whole rupiah.',
		response: R.customerDetail,
		run: (c) => getCustomer(c.db, c.params.id, c.actor)
	},
	{
		method: 'POST',
		path: '/customers',
		operationId: 'createCustomer',
		tag: 'Customers',
		summary: 'Create a customer',
		description: 'Send `Idempotency-Key` so a resend after a lost answer creates the customer once.',
		access: 'write',
		idempotent: true,
		body: customerCreateBody,
		bodyExample: EXAMPLE_CUSTOMER,
		status: 201,
		responseDescription: 'The new customer\'s `id` and `code` (200 with the same answer for a resend).',
		response: R.customerCreated,
		alsoAnswers: { status: 200, description: 'A resend of a create already carried out (the Idempotency-Key\'s stored answer is gone, the id it named is taken): the customer made.', response: R.customerCreated },
		responseExample: { id: '4f1e8a7c-2b3d-4e5f-8a9b-1c2d3e4f5a6b', code: 'C000123', duplicate: false },
		async run(c) {
			requireArea(c, c.body.areaId);
			const result = await createCustomer(c.db, { ...c.body, id: c.body.id ?? derivedId(c, 'customer') }, c.actor);
			return created(result, 'duplicate' in result && Boolean(result.duplicate));
		}
	},
	{
		method: 'PATCH',
		path: '/customers/{id}',
		operationId: 'updateCustomer',
		tag: 'Customers',
		summary: 'Change some of a customer\'s fields',
		access: 'write',
		params: idParams,
		body: customerUpdateBody,
		bodyExample: { phone: '085712345678', address: 'Jl. Kenanga No. 7, RT 03/RW 01, Berkoh' },
		responseDescription: 'The customer as stored now.',
		response: R.customer,
		async run(c) {
			const { customer } = await getCustomer(c.db, c.params.id, c.actor);
			const merged = customerUpdateInput.parse({
				id: customer.id,
				name: customer.name,
				phone: customer.phone,
				email: customer.email,
				address: customer.address,
				areaId: customer.areaId,
				latitude: customer.latitude,
				longitude: customer.longitude,
				status: customer.status,
				notes: customer.notes,
				// The fields as sent, not as parsed: a partial parse would fill defaults into fields not sent.
				...Object.fromEntries(Object.entries(c.rawBody as Record<string, unknown>).filter(([k]) => Object.hasOwn(customerFields, k)))
			});
			requireArea(c, merged.areaId);
			await updateCustomer(c.db, merged, c.actor);
			return (await getCustomer(c.db, c.params.id, c.actor)).customer;
		}
	},

	// Packages --------------------------------------------------------------------------------
	{
		method: 'GET',
		path: '/packages',
		operationId: 'listPackages',
		tag: 'Packages',
		summary: 'List packages',
		access: 'read',
		query: packageListInput,
		responseDescription: 'A page of packages; `price` is whole rupiah a month.',
		response: R.packagePage,
		run: (c) => listPackages(c.db, c.query)
	},
	{
		method: 'GET',
		path: '/packages/{id}',
		operationId: 'getPackage',
		tag: 'Packages',
		summary: 'One package',
		access: 'read',
		params: idParams,
		responseDescription: 'The package.',
		response: R.packageRow,
		responseExample: { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Rumahan 10 Mbps', price: 150000, rateLimit: '10M/10M' },
		run: (c) => getPackage(c.db, c.params.id, c.actor)
	},

	// Subscriptions ---------------------------------------------------------------------------
	{
		method: 'GET',
		path: '/subscriptions',
		operationId: 'listSubscriptions',
		tag: 'Subscriptions',
		summary: 'List subscriptions (filter, search, keyset pages)',
		description:
			'Pages by `cursor`: pass `nextCursor` from the previous answer. Filters combine; `search` matches the service username and the customer\'s name and code.',
		access: 'read',
		query: subscriptionListInput,
		responseDescription: 'A page of subscriptions: `rows`, `total`, `nextCursor`, `prevCursor`.',
		response: R.subscriptionPage,
		responseExample: {
			rows: [
				{
					id: '3e2d1c0b-9a8f-4e7d-a6c5-b4a392817060',
					customerId: '5d2c7a10-8e4b-4f3a-b1c9-7e6d5a4b3c21',
					customerName: 'Siti Aminah',
					areaId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
					packageId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
					packageName: 'Rumahan 10 Mbps',
					routerId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
					serviceUsername: 'siti-rt03',
					status: 'active',
					isolationReason: null,
					billingDay: 5,
					startDate: '2026-03-05',
					paidThrough: '2026-12-04',
					createdAt: '2026-03-05T02:10:00.000Z'
				}
			],
			total: 1,
			nextCursor: null,
			prevCursor: null
		},
		run: (c) => listSubscriptions(c.db, c.query, c.actor)
	},
	{
		method: 'GET',
		path: '/subscriptions/{id}',
		operationId: 'getSubscription',
		tag: 'Subscriptions',
		summary: 'One subscription with its customer',
		access: 'read',
		params: idParams,
		responseDescription: 'The subscription (never its service password).',
		response: R.subscriptionDetail,
		run: (c) => getSubscription(c.db, c.params.id, c.actor)
	},
	{
		method: 'POST',
		path: '/subscriptions',
		operationId: 'createSubscription',
		tag: 'Subscriptions',
		summary: 'Subscribe a customer to a package',
		description: 'Queues the router provisioning; the first invoice comes from the billing run. Send `Idempotency-Key`.',
		access: 'write',
		idempotent: true,
		body: subscriptionCreateInput,
		bodyExample: { customerId: '4f1e8a7c-2b3d-4e5f-8a9b-1c2d3e4f5a6b', packageId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', startDate: '2026-12-01', serviceUsername: 'siti.aminah' },
		status: 201,
		responseDescription: 'The subscription\'s `id`.',
		response: R.subscriptionCreated,
		alsoAnswers: { status: 200, description: 'A resend of a create already carried out: the subscription made.', response: R.subscriptionCreated },
		async run(c) {
			const { customer } = await getCustomer(c.db, c.body.customerId, c.actor);
			requireArea(c, customer.areaId);
			const result = await createSubscription(c.db, { ...c.body, id: c.body.id ?? derivedId(c, 'subscription') }, await c.ledger());
			return created(result, result.duplicate);
		}
	},

	{
		method: 'POST',
		path: '/subscriptions/{id}/isolate',
		operationId: 'isolateSubscription',
		tag: 'Subscriptions',
		summary: 'Isolate (disable) a subscription by hand, as a router job',
		description:
			'The router isolates it by its isolation method (disable, isolir profile or address list). Answers 202 with the router job to follow at `href`; the router is never called during the request. Send `Idempotency-Key` so a resend is not refused as already isolated.',
		access: 'write',
		idempotent: true,
		params: idParams,
		body: isolateInput.omit({ subscriptionId: true }),
		bodyExample: { reason: 'Permintaan pelanggan: berhenti sementara selama mudik' },
		status: 202,
		responseDescription: 'The queued job: `jobId` and `href` (200 with null when no router serves the subscription yet).',
		response: R.jobAccepted,
		alsoAnswers: { status: 200, description: 'No router serves the subscription yet: nothing to follow.', response: R.noJob },
		responseExample: { jobId: 813, href: '/api/v1/router-jobs/813' },
		async run(c) {
			await getSubscription(c.db, c.params.id, c.actor);
			const { jobId } = await isolateByHand(c.db, { subscriptionId: c.params.id, reason: c.body.reason }, await c.ledger());
			return jobAccepted(jobId);
		}
	},
	{
		method: 'POST',
		path: '/subscriptions/{id}/restore',
		operationId: 'restoreSubscription',
		tag: 'Subscriptions',
		summary: 'Lift an isolation (enable) by hand, as a router job',
		description:
			'Answers 202 with the router job to follow at `href`. `holdUntil` is a promise to pay: no arrears isolation up to that day. Send `Idempotency-Key` so a resend is not refused as not isolated.',
		access: 'write',
		idempotent: true,
		params: idParams,
		body: restoreInput.omit({ subscriptionId: true }),
		bodyExample: { reason: 'Janji bayar tanggal 15', holdUntil: '2026-12-15' },
		status: 202,
		responseDescription: 'The queued job: `jobId` and `href` (200 with null when no router serves the subscription yet).',
		response: R.jobAccepted,
		alsoAnswers: { status: 200, description: 'No router serves the subscription yet: nothing to follow.', response: R.noJob },
		responseExample: { jobId: 814, href: '/api/v1/router-jobs/814' },
		async run(c) {
			await getSubscription(c.db, c.params.id, c.actor);
			const { jobId } = await restoreByHand(c.db, { subscriptionId: c.params.id, reason: c.body.reason, holdUntil: c.body.holdUntil }, await c.ledger());
			return jobAccepted(jobId);
		}
	},
	{
		method: 'POST',
		path: '/subscriptions/{id}/provision',
		operationId: 'provisionSubscription',
		tag: 'Subscriptions',
		summary: 'Provision a subscription on its router again (or on a router when it has none), as a router job',
		description:
			'The job brings the router\'s account (secret or hotspot user, profile, static address, isolation) to what Lunas holds and reads it back. `routerId` is needed only for a subscription no router serves yet. Answers 202 with the job to follow at `href`. Send `Idempotency-Key`: a resend queues one job.',
		access: 'write',
		idempotent: true,
		params: idParams,
		body: z.object({ routerId: z.uuid({ error: 'validation.routerChoose' }).optional() }),
		bodyExample: { routerId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e' },
		status: 202,
		responseDescription: 'The queued job: `jobId` and `href`.',
		response: R.jobAccepted,
		responseExample: JOB_ACCEPTED,
		async run(c) {
			await getSubscription(c.db, c.params.id, c.actor);
			if (c.body.routerId) await requireRouter(c, c.body.routerId);
			const { jobId } = await provisionSubscription(c.db, { subscriptionId: c.params.id, routerId: c.body.routerId, requestId: requestIdOf(c, 'provision') }, await c.ledger());
			return jobAccepted(jobId);
		}
	},
	{
		method: 'POST',
		path: '/subscriptions/{id}/kick',
		operationId: 'kickSubscription',
		tag: 'Subscriptions',
		summary: 'End a subscription\'s live session on its router (kick), as a router job',
		description: 'The customer\'s device dials in again and picks up its profile. Answers 202 with the job to follow at `href`; 409 for a static-IP subscription or one no router serves. Send `Idempotency-Key`: a resend queues one job.',
		access: 'write',
		idempotent: true,
		params: idParams,
		status: 202,
		responseDescription: 'The queued job: `jobId` and `href`.',
		response: R.jobAccepted,
		responseExample: JOB_ACCEPTED,
		async run(c) {
			await getSubscription(c.db, c.params.id, c.actor);
			const { jobId } = await kickSubscription(c.db, { subscriptionId: c.params.id, requestId: requestIdOf(c, 'kick') }, await c.ledger());
			return jobAccepted(jobId);
		}
	},

	// Invoices --------------------------------------------------------------------------------
	{
		method: 'GET',
		path: '/invoices',
		operationId: 'listInvoices',
		tag: 'Invoices',
		summary: 'List invoices (status, area, customer, period, overdue)',
		access: 'read',
		query: invoiceListInput,
		responseDescription: 'A page of invoices; amounts are whole rupiah.',
		response: R.invoicePage,
		run: (c) => listInvoices(c.db, c.query, c.actor, c.config.ISP_TIMEZONE)
	},
	{
		method: 'GET',
		path: '/invoices/{id}',
		operationId: 'getInvoice',
		tag: 'Invoices',
		summary: 'One invoice with its lines, payments and pay token',
		access: 'read',
		params: idParams,
		responseDescription: 'The invoice.',
		response: R.invoiceDetail,
		run: (c) => getInvoice(c.db, c.params.id, c.actor)
	},
	{
		method: 'POST',
		path: '/invoices/{id}/mark-paid',
		operationId: 'markInvoicePaid',
		tag: 'Invoices',
		summary: 'Record a payment against this invoice',
		description: 'A payment like one taken at the counter: oldest debts of the invoice\'s subscription first, any surplus to credit; an arrears isolation is lifted and the restore job queued. Send `Idempotency-Key`.',
		access: 'write',
		idempotent: true,
		params: idParams,
		body: markPaidBody,
		bodyExample: { amount: 150000, method: 'transfer', note: 'Transfer BRI a.n. Siti Aminah' },
		status: 201,
		responseDescription: 'The payment: receipt number, allocations, credit added, restored subscriptions.',
		response: R.paymentOutcome,
		alsoAnswers: { status: 200, description: 'A resend of a payment already recorded (`duplicate: true`): nothing recorded twice.', response: R.paymentOutcome },
		async run(c) {
			const { invoice, customer } = await getInvoice(c.db, c.params.id, c.actor);
			const outstanding = invoice.amount - invoice.amountPaid;
			if (invoice.status === 'void') throw conflict('api.notFound');
			const amount = c.body.amount ?? outstanding;
			if (amount <= 0) throw invalidField('amount', 'validation.amount');
			return recordFor(c, customer.id, invoice.id, { ...c.body, amount });
		}
	},
	{
		method: 'POST',
		path: '/invoices/{id}/snap-token',
		operationId: 'createSnapToken',
		tag: 'Invoices',
		summary: 'Start a Midtrans Snap payment for the invoice',
		access: 'write',
		params: idParams,
		responseDescription: 'The Snap `token` and `redirectUrl`.',
		response: R.snapToken,
		async run(c) {
			const { payToken } = await getInvoice(c.db, c.params.id, c.actor);
			if (!payToken) throw notFound('api.notFound');
			const result = await startPaymentForToken(payToken);
			if (result.kind === 'snap') return { token: result.token, redirectUrl: result.redirectUrl };
			if (result.kind === 'not-found') throw notFound('api.notFound');
			if (result.kind === 'closed') throw conflict(result.messageKey);
			throw unavailable(result.messageKey);
		}
	},

	// Payments --------------------------------------------------------------------------------
	{
		method: 'GET',
		path: '/payments',
		operationId: 'listPayments',
		tag: 'Payments',
		summary: 'List payments (method, customer, dates, flagged)',
		access: 'read',
		query: paymentListInput,
		responseDescription: 'A page of payments; voids are negative entries.',
		response: R.paymentPage,
		run: (c) => listPayments(c.db, c.query, c.actor, c.config.ISP_TIMEZONE)
	},
	{
		method: 'GET',
		path: '/payments/{id}',
		operationId: 'getPayment',
		tag: 'Payments',
		summary: 'One payment as its receipt',
		access: 'read',
		params: idParams,
		responseDescription: 'The receipt.',
		response: R.receipt,
		run: (c) => getReceipt(c.db, c.params.id, c.actor)
	},
	{
		method: 'POST',
		path: '/payments',
		operationId: 'createPayment',
		tag: 'Payments',
		summary: 'Record a payment for a customer',
		description: 'Send `Idempotency-Key`: a resend records once and answers the first answer.',
		access: 'write',
		idempotent: true,
		body: paymentCreateBody,
		bodyExample: { customerId: '4f1e8a7c-2b3d-4e5f-8a9b-1c2d3e4f5a6b', amount: 150000, method: 'cash', note: 'Bayar di warung Pak RT' },
		status: 201,
		responseDescription: 'The payment: receipt number, allocations, credit added, restored subscriptions.',
		response: R.paymentOutcome,
		alsoAnswers: { status: 200, description: 'A resend of a payment already recorded (`duplicate: true`): nothing recorded twice.', response: R.paymentOutcome },
		responseExample: { paymentId: '9b2c1d3e-4f5a-4b6c-8d7e-0f1a2b3c4d5e', receiptNumber: 'RCP-202612-000042', duplicate: false, allocations: [{ invoiceId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', amount: 150000 }], creditAdded: 0, restoredSubscriptionIds: [], flag: null },
		run: (c) => recordFor(c, c.body.customerId, c.body.invoiceId ?? null, c.body)
	},
	{
		method: 'POST',
		path: '/payments/{id}/void',
		operationId: 'voidPayment',
		tag: 'Payments',
		summary: 'Void a payment with a reversing entry',
		access: 'write',
		params: idParams,
		body: voidBody,
		bodyExample: { reason: 'Salah input, pelanggan bayar di hari berikutnya' },
		responseDescription: 'The reversing entry.',
		response: R.voidOutcome,
		async run(c) {
			// Scoped like a read: a payment outside the key's areas is not found.
			await getReceipt(c.db, c.params.id, c.actor);
			return voidPayment(c.db, { paymentId: c.params.id, reason: c.body.reason }, await c.ledger());
		}
	},

	// Routers ---------------------------------------------------------------------------------
	{
		method: 'GET',
		path: '/routers',
		operationId: 'listRouters',
		tag: 'Routers',
		summary: 'List routers with their last status and people online',
		description: 'From the monitor\'s readings; never a call to a router, never its credentials.',
		access: 'read',
		responseDescription: 'The routers.',
		response: R.routerList,
		async run(c) {
			const [rows, visible] = await Promise.all([listRouters(c.db), visibleRouterIds(c)]);
			return visible ? rows.filter((r) => visible.includes(r.id)) : rows;
		}
	},
	{
		method: 'GET',
		path: '/routers/{id}',
		operationId: 'getRouter',
		tag: 'Routers',
		summary: 'One router with the monitor\'s latest system, online, interfaces and traffic readings',
		access: 'read',
		params: idParams,
		responseDescription: 'The router and each reading with when it was taken (null: never).',
		response: R.routerDetailAnswer,
		async run(c) {
			await requireRouter(c, c.params.id);
			return routerDetail(c.db, c.params.id, c.actor);
		}
	},
	{
		method: 'POST',
		path: '/routers/{id}/probe',
		operationId: 'probeRouter',
		tag: 'Routers',
		summary: 'Test the connection to a router (as a router job)',
		description: 'Answers 202 at once with the job to follow at `href`; the router is never called during the request.',
		access: 'write',
		params: idParams,
		status: 202,
		responseDescription: 'The queued job: `jobId` and `href`.',
		response: R.jobAccepted,
		responseExample: { jobId: 812, href: '/api/v1/router-jobs/812' },
		async run(c) {
			await requireRouter(c, c.params.id);
			const { jobId } = await enqueueProbe(c.db, c.params.id, derivedId(c, 'probe') ?? crypto.randomUUID(), c.actor);
			return new RestAnswer(202, { jobId, href: `/api/v1/router-jobs/${jobId}` }, { location: `/api/v1/router-jobs/${jobId}` });
		}
	},
	{
		method: 'POST',
		path: '/routers/{id}/push-profile',
		operationId: 'pushPackageProfile',
		tag: 'Routers',
		summary: 'Sync a package\'s profile (rate limit, burst) to a router, as a router job',
		description: 'Creates or updates the package\'s PPP or hotspot user profile on the router and reads it back. Answers 202 with the job to follow at `href`. Send `Idempotency-Key`: a resend queues one job.',
		access: 'write',
		idempotent: true,
		params: idParams,
		body: z.object({ packageId: z.uuid() }),
		bodyExample: { packageId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' },
		status: 202,
		responseDescription: 'The queued job: `jobId` and `href`.',
		response: R.jobAccepted,
		responseExample: JOB_ACCEPTED,
		async run(c) {
			await requireRouter(c, c.params.id);
			const { jobId } = await pushPackageProfile(c.db, { routerId: c.params.id, packageId: c.body.packageId, requestId: requestIdOf(c, 'push-profile') }, c.actor);
			return jobAccepted(jobId);
		}
	},
	{
		method: 'POST',
		path: '/routers/{id}/import-preview',
		operationId: 'previewRouterImport',
		tag: 'Routers',
		summary: 'Read a router\'s accounts Lunas does not know yet, as a router job (step 1 of an import)',
		description:
			'The job reads the router\'s PPP secrets and hotspot users; when it is `done`, its `result` lists each unknown account and its profile. A preview already queued or running is joined. Then POST `/routers/{id}/import` with that job\'s id and a package for each profile.',
		access: 'write',
		idempotent: true,
		params: idParams,
		status: 202,
		responseDescription: 'The queued (or joined) job: `jobId` and `href`.',
		response: R.jobAccepted,
		responseExample: JOB_ACCEPTED,
		async run(c) {
			await requireRouter(c, c.params.id);
			const { jobId } = await onLiveRouter(() => startImportPreview(c.db, c.params.id, c.actor));
			return jobAccepted(jobId);
		}
	},
	{
		method: 'POST',
		path: '/routers/{id}/import',
		operationId: 'importRouterAccounts',
		tag: 'Routers',
		summary: 'Import a router\'s unknown accounts as customers and subscriptions, as a router job (step 2)',
		description:
			'`previewJobId` is a finished import preview of this router. Each `mapping` entry names the package for the accounts on one router profile (`packageId: null` leaves them out); `accounts` leaves single accounts on the router only (`exclude`) or imports them free of charge (`complimentary`). One import per preview: a resend joins it.',
		access: 'write',
		idempotent: true,
		params: idParams,
		body: importStartInput.omit({ routerId: true }),
		bodyExample: {
			previewJobId: 816,
			areaId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
			startDate: '2026-12-01',
			billingDay: 5,
			mapping: [
				{ service: 'pppoe', profile: 'paket-10m', packageId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' },
				{ service: 'pppoe', profile: 'isolir', packageId: null }
			],
			accounts: [{ service: 'pppoe', name: 'kantor-desa', mode: 'complimentary' }]
		},
		status: 202,
		responseDescription: 'The queued import job: `jobId` and `href`; its `result` counts what was created.',
		response: R.jobAccepted,
		responseExample: JOB_ACCEPTED,
		async run(c) {
			await requireRouter(c, c.params.id);
			requireArea(c, c.body.areaId);
			const { jobId } = await onLiveRouter(() => startImport(c.db, { ...c.body, routerId: c.params.id }, c.actor));
			return jobAccepted(jobId);
		}
	},
	{
		method: 'GET',
		path: '/router-jobs/{id}',
		operationId: 'getRouterJob',
		tag: 'Routers',
		summary: 'A router job\'s state, attempts and result',
		description: 'Poll until `status` is `done` (the router was changed and read back) or `dead` (gave up; `lastError` says why). `result` is what the job read back or found.',
		access: 'read',
		params: serialIdParams,
		responseDescription: '`status` is queued, running, done or dead.',
		response: R.routerJob,
		async run(c) {
			const [job] = await c.db
				.select({
					id: routerJobs.id,
					routerId: routerJobs.routerId,
					subscriptionId: routerJobs.subscriptionId,
					action: routerJobs.action,
					status: routerJobs.status,
					attempts: routerJobs.attempts,
					maxAttempts: routerJobs.maxAttempts,
					nextAttemptAt: routerJobs.nextAttemptAt,
					lastError: routerJobs.lastError,
					result: routerJobs.result,
					createdAt: routerJobs.createdAt,
					startedAt: routerJobs.startedAt,
					finishedAt: routerJobs.finishedAt
				})
				.from(routerJobs)
				.where(eq(routerJobs.id, c.params.id));
			if (!job) throw notFound('api.notFound');
			await requireJobVisible(c, job);
			return { ...job, id: Number(job.id), result: parseJsonColumn(job.result) };
		}
	},

	// Outgoing webhooks -------------------------------------------------------------------------
	{
		method: 'GET',
		path: '/webhook-endpoints',
		operationId: 'listWebhookEndpoints',
		tag: 'Webhooks',
		summary: 'List the endpoints outgoing webhooks are sent to, with how their deliveries stand',
		description: 'Never the signing secrets. Keys limited to some areas are refused (403): an endpoint receives events about every customer.',
		access: 'read',
		responseDescription: 'The live endpoints, newest first.',
		response: R.webhookEndpointList,
		run(c) {
			requireAllAreas(c);
			return listWebhookEndpoints(c.db);
		}
	},
	{
		method: 'POST',
		path: '/webhook-endpoints',
		operationId: 'createWebhookEndpoint',
		tag: 'Webhooks',
		summary: 'Register an endpoint for outgoing webhooks',
		description:
			'The answer carries the signing secret once; store it, Lunas never answers it again. No Idempotency-Key: a stored answer would keep the secret. If the answer is lost, delete the endpoint and register it again. Private and local addresses are refused.',
		access: 'write',
		body: webhookCreateInput,
		bodyExample: { url: 'https://n8n.contoh.id/webhook/lunas', description: 'Catat pembayaran ke spreadsheet', events: ['payment.recorded', 'subscription.isolated'] },
		status: 201,
		responseDescription: 'The endpoint\'s `id` and its signing `secret`.',
		response: R.webhookCreated,
		responseExample: { id: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f', secret: 'whsec_Q2hhbmdlIG1lIGJlZm9yZSB1c2luZyBpbiBwcm9kdWN0aW9u' },
		async run(c) {
			requireAllAreas(c);
			return new RestAnswer(201, await createWebhookEndpoint(c.db, c.body, c.actor, { secretsKey: c.config.SECRETS_KEY, allowPrivateAddresses: c.config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES }));
		}
	},
	{
		method: 'DELETE',
		path: '/webhook-endpoints/{id}',
		operationId: 'deleteWebhookEndpoint',
		tag: 'Webhooks',
		summary: 'Stop sending to an endpoint',
		description: 'At once: its waiting deliveries are given up.',
		access: 'write',
		params: idParams,
		status: 204,
		responseDescription: 'Deleted.',
		response: null,
		async run(c) {
			requireAllAreas(c);
			await deleteWebhookEndpoint(c.db, c.params.id, c.actor);
			return new RestAnswer(204, null);
		}
	},
	{
		method: 'GET',
		path: '/webhook-deliveries',
		operationId: 'listWebhookDeliveries',
		tag: 'Webhooks',
		summary: 'The delivery log: the newest 50 deliveries, of one endpoint or of all',
		access: 'read',
		query: z.object({ endpointId: z.uuid().optional() }),
		responseDescription: 'Deliveries, newest first.',
		response: R.webhookDeliveryList,
		run(c) {
			requireAllAreas(c);
			return listWebhookDeliveries(c.db, c.query.endpointId ?? null);
		}
	},
	{
		method: 'POST',
		path: '/webhook-deliveries/{id}/resend',
		operationId: 'resendWebhookDelivery',
		tag: 'Webhooks',
		summary: 'Send a delivery again (same event id and body, freshly signed)',
		description: 'For a receiver that lost it or was fixed after it gave up; 409 while it is being sent.',
		access: 'write',
		params: serialIdParams,
		status: 202,
		responseDescription: 'Queued: follow it in the delivery log.',
		response: R.resendQueued,
		async run(c) {
			requireAllAreas(c);
			await resendWebhookDelivery(c.db, c.params.id, c.actor);
			return new RestAnswer(202, { deliveryId: c.params.id, status: 'queued' });
		}
	},

	// Public ----------------------------------------------------------------------------------
	{
		method: 'GET',
		path: '/public/invoices/{payToken}',
		operationId: 'getPublicInvoice',
		tag: 'Public',
		summary: 'An invoice by its pay token, as the customer\'s pay page shows it',
		description: 'No key needed; rate-limited per address. Only the first name, amounts and dates.',
		access: 'public',
		params: payTokenParams,
		responseDescription: 'The invoice, its outstanding amount and the customer\'s other open invoices.',
		response: R.publicInvoice,
		responseExample: { isp: { name: 'Lunas Net', phone: '0281 123456' }, invoice: { number: 'INV-202612-000042', status: 'unpaid', amount: 150000, amountPaid: 0, outstanding: 150000, dueDate: '2026-12-11', firstName: 'Siti' }, others: [], restoring: false },
		async run(c) {
			const page = await loadPayPage(c.db, c.params.payToken, c.config.ISP_TIMEZONE);
			if (!page) throw notFound('api.notFound');
			return page;
		}
	}
];
