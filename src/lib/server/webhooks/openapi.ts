/**
 * The outgoing webhooks in the OpenAPI document (3.1's top-level `webhooks`): what each event
 * sends, how it is signed, and how a receiver checks it. Written by hand beside the builders in
 * events.ts; dispatch.spec validates the document and webhooks.spec checks a delivered body
 * against these schemas.
 */
import {
	WEBHOOK_EVENT_ID_HEADER,
	WEBHOOK_EVENT_TYPE_HEADER,
	WEBHOOK_EVENTS,
	WEBHOOK_REPLAY_WINDOW_SECONDS,
	WEBHOOK_SIGNATURE_HEADER,
	type WebhookEventType
} from '../../shared/webhooks';

type Json = Record<string, unknown>;

const uuid = { type: 'string', format: 'uuid' };
const rupiah = { type: 'integer', minimum: 0, description: 'Whole rupiah.' };
const localDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A billing date in the ISP\'s zone.' };

const DATA: Record<WebhookEventType, { summary: string; data: Json; example: Json }> = {
	'payment.recorded': {
		summary: 'A payment was recorded (office, collector, Midtrans, API).',
		data: {
			type: 'object',
			required: ['paymentId', 'customerId', 'amount', 'method', 'source', 'receivedAt'],
			properties: {
				paymentId: uuid,
				receiptNumber: { type: ['string', 'null'] },
				customerId: uuid,
				invoiceId: { type: ['string', 'null'], format: 'uuid' },
				amount: rupiah,
				method: { type: 'string', examples: ['cash', 'transfer', 'midtrans'] },
				source: { type: 'string', examples: ['office', 'collector', 'midtrans', 'api'] },
				receivedAt: { type: 'string', format: 'date-time' }
			}
		},
		example: {
			paymentId: '0b6f1c9e-3f5a-4c1e-9f7a-2d4e8b1a6c30',
			receiptNumber: 'RCP-202611-000042',
			customerId: '5d2c7a10-8e4b-4f3a-b1c9-7e6d5a4b3c21',
			invoiceId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
			amount: 150000,
			method: 'cash',
			source: 'office',
			receivedAt: '2026-11-26T03:15:00.000Z'
		}
	},
	'invoice.issued': {
		summary: 'An invoice was issued by the billing run.',
		data: {
			type: 'object',
			required: ['invoiceId', 'number', 'customerId', 'subscriptionId', 'amount', 'periodStart', 'periodEnd', 'dueDate'],
			properties: { invoiceId: uuid, number: { type: 'string' }, customerId: uuid, subscriptionId: uuid, amount: rupiah, periodStart: localDate, periodEnd: localDate, dueDate: localDate }
		},
		example: {
			invoiceId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
			number: 'INV-202612-000118',
			customerId: '5d2c7a10-8e4b-4f3a-b1c9-7e6d5a4b3c21',
			subscriptionId: '3e2d1c0b-9a8f-4e7d-a6c5-b4a392817060',
			amount: 150000,
			periodStart: '2026-12-05',
			periodEnd: '2027-01-04',
			dueDate: '2026-12-15'
		}
	},
	'subscription.isolated': {
		summary: 'A subscription was isolated (by hand, or for arrears past the grace period); the router job follows.',
		data: isolationData(),
		example: { subscriptionId: '3e2d1c0b-9a8f-4e7d-a6c5-b4a392817060', customerId: '5d2c7a10-8e4b-4f3a-b1c9-7e6d5a4b3c21', reason: 'arrears' }
	},
	'subscription.restored': {
		summary: 'An isolated subscription was restored (by hand, or because its arrears were paid); the router job follows.',
		data: isolationData(),
		example: { subscriptionId: '3e2d1c0b-9a8f-4e7d-a6c5-b4a392817060', customerId: '5d2c7a10-8e4b-4f3a-b1c9-7e6d5a4b3c21', reason: 'arrearsCleared' }
	}
};

function isolationData(): Json {
	return {
		type: 'object',
		required: ['subscriptionId', 'customerId', 'reason'],
		properties: { subscriptionId: uuid, customerId: uuid, reason: { type: 'string', enum: ['manual', 'arrears', 'arrearsCleared'] } }
	};
}

export const WEBHOOK_VERIFICATION = [
	`Each delivery is a POST of a JSON event \`{ id, type, createdAt, data }\` with the headers \`${WEBHOOK_EVENT_ID_HEADER}\`, \`${WEBHOOK_EVENT_TYPE_HEADER}\` and`,
	`\`${WEBHOOK_SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>\`, where v1 is HMAC-SHA256 with the endpoint's signing secret (\`whsec_…\`, shown once when it is registered)`,
	'over the text `<t>.<raw body>`. To verify: take the raw body bytes before any JSON parsing, compute the HMAC over `t + "." + body`, compare it with v1 in',
	`constant time, and refuse a \`t\` more than ${WEBHOOK_REPLAY_WINDOW_SECONDS} seconds from your clock (a recorded delivery cannot be replayed later, since t is signed).`,
	'Delivery is at least once: a retry or a re-send by hand carries the same event id and body, so keep the ids you have processed (for longer than the replay window) and',
	'ignore repeats. Answer 2xx within 10 seconds; anything else is retried with exponential backoff (10 s doubling, up to an hour) ten times, then the delivery is marked failed',
	'and can be re-sent from Pengaturan → Webhook keluar. Private and loopback addresses are refused unless the server allows them.'
].join(' ');

const EVENT_SCHEMA: Json = {
	type: 'object',
	required: ['id', 'type', 'createdAt', 'data'],
	properties: {
		id: { ...uuid, description: 'The event id: the same on every retry and re-send of this event.' },
		type: { type: 'string', enum: [...WEBHOOK_EVENTS] },
		createdAt: { type: 'string', format: 'date-time' }
	}
};

/** The document's `webhooks` map, one POST per event. */
export function webhooksOpenApi(): Json {
	const out: Json = {};
	for (const type of WEBHOOK_EVENTS) {
		const { summary, data, example } = DATA[type];
		out[type] = {
			post: {
				operationId: `webhook.${type}`,
				tags: ['Webhooks'],
				summary,
				description: WEBHOOK_VERIFICATION,
				security: [],
				parameters: [
					{ name: WEBHOOK_SIGNATURE_HEADER, in: 'header', required: true, schema: { type: 'string', pattern: '^t=\\d+,v1=[0-9a-f]{64}$' } },
					{ name: WEBHOOK_EVENT_ID_HEADER, in: 'header', required: true, schema: uuid },
					{ name: WEBHOOK_EVENT_TYPE_HEADER, in: 'header', required: true, schema: { type: 'string', const: type } }
				],
				requestBody: {
					required: true,
					content: {
						'application/json': {
							schema: { allOf: [EVENT_SCHEMA, { type: 'object', properties: { type: { const: type }, data } }] },
							example: { id: '7c1e2d3f-4a5b-8c6d-9e0f-112233445566', type, createdAt: '2026-11-26T03:15:00.123Z', data: example }
						}
					}
				},
				responses: { '200': { description: 'Any 2xx: received. Anything else, or no answer within 10 s, is retried.' } }
			}
		};
	}
	return out;
}

/** The schema of one event's delivered body, for tests checking what was sent against the document. */
export function webhookBodySchema(type: WebhookEventType): Json {
	return { allOf: [EVENT_SCHEMA, { type: 'object', properties: { type: { const: type }, data: DATA[type].data } }] };
}
