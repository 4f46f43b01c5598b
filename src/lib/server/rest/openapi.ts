/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas
 * (`z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Input schemas are
 * described as the caller sends them (`io: 'input'`).
 */
import { z } from 'zod';
import { REST_ROUTES } from './routes';
import { API_BASE, KEY_RATE, PUBLIC_RATE } from './dispatch';
import type { RestRoute } from './types';
import { WEBHOOK_VERIFICATION, webhooksOpenApi } from '../webhooks/openapi';

type Json = Record<string, unknown>;

/** `input`: what a caller may send (defaults optional); `output`: what Lunas answers (every field, no others). */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Json {
	const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
	return rest;
}

/** Each property of an object schema as a parameter (`in: path` or `query`). */
function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
	if (!schema) return [];
	const json = schemaOf(schema) as { properties?: Record<string, Json>; required?: string[] };
	return Object.entries(json.properties ?? {}).map(([name, s]) => ({
		name,
		in: where,
		required: where === 'path' || (json.required ?? []).includes(name),
		schema: s
	}));
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

function problemResponse(description: string): Json {
	return { description, content: { 'application/problem+json': { schema: PROBLEM_REF } } };
}

function operationOf(route: RestRoute): Json {
	const success = String(route.status ?? 200);
	const responses: Json = {
		[success]: {
			description: route.responseDescription,
			...(success === '202' ? { headers: { Location: { description: 'The job to follow (the body\'s `href`).', schema: { type: 'string' } } } } : {}),
			...(route.response
				? { content: { 'application/json': { schema: schemaOf(route.response, 'output'), ...(route.responseExample ? { example: route.responseExample } : {}) } } }
				: {})
		},
		'400': problemResponse('Bad input: `errors` names each field, in the Accept-Language language.'),
		'404': problemResponse('Not found, or outside the key\'s areas.'),
		'429': problemResponse(`Too many requests (${route.access === 'public' ? `${PUBLIC_RATE.limit} a minute per address` : `${KEY_RATE.limit} a minute per key`}); see Retry-After.`)
	};
	if (route.access !== 'public') {
		responses['401'] = problemResponse('No key, or an unknown, revoked or expired one.');
	}
	if (route.access === 'write') responses['403'] = problemResponse('A read-only key, or (webhooks) a key limited to some areas.');
	else if (route.access === 'read' && route.tag === 'Webhooks') responses['403'] = problemResponse('A key limited to some areas: endpoints receive events about every customer.');
	if (route.method !== 'GET') responses['409'] = problemResponse('The record\'s state refuses it (already voided, a resend that differs).');
	if (route.alsoAnswers) {
		responses[String(route.alsoAnswers.status)] = { description: route.alsoAnswers.description, content: { 'application/json': { schema: schemaOf(route.alsoAnswers.response, 'output') } } };
	}
	if (route.idempotent) responses['422'] = problemResponse('The Idempotency-Key was used for a different request.');
	responses['503'] = problemResponse('The database or an outside system (Midtrans) cannot answer now; try again later.');
	const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
	if (route.idempotent) {
		parameters.push({
			name: 'Idempotency-Key',
			in: 'header',
			required: false,
			description: 'Any unique string (a UUID is fine). A resend with the same key and body gets the first answer; nothing is recorded twice.',
			schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' }
		});
	}
	return {
		operationId: route.operationId,
		tags: [route.tag],
		summary: route.summary,
		...(route.description ? { description: route.description } : {}),
		...(route.access === 'public' ? { security: [] } : { 'x-lunas-scope': route.access === 'write' ? 'read-write' : 'read' }),
		...(parameters.length ? { parameters } : {}),
		...(route.body
			? {
					requestBody: {
						required: true,
						content: { 'application/json': { schema: schemaOf(route.body), ...(route.bodyExample ? { example: route.bodyExample } : {}) } }
					}
				}
			: {}),
		responses
	};
}

export function openApiDocument(version: string): Json {
	const paths: Record<string, Json> = {};
	for (const route of REST_ROUTES) {
		paths[`${API_BASE}${route.path}`] ??= {};
		paths[`${API_BASE}${route.path}`][route.method.toLowerCase()] = operationOf(route);
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Lunas REST API',
			version,
			description:
				'Billing for RT/RW Net ISPs: customers, packages, subscriptions, invoices, payments and routers, for integrations (n8n, WhatsApp bots, accounting). ' +
				'Money is whole rupiah (integers: `150000` is Rp 150.000). Instants are UTC ISO 8601; billing dates are `YYYY-MM-DD` in the ISP\'s zone. ' +
				'Authenticate with `Authorization: Bearer lunas_…` (an admin makes keys under Pengaturan → Kunci API). ' +
				'Errors are RFC 9457 problem documents in the language of `Accept-Language` (Indonesian unless `en` is asked for). ' +
				'Outgoing webhooks (see `webhooks`): ' +
				WEBHOOK_VERIFICATION
		},
		servers: [{ url: '/' }],
		security: [{ apiKey: [] }],
		tags: ['Customers', 'Packages', 'Subscriptions', 'Invoices', 'Payments', 'Routers', 'Public', 'Webhooks'].map((name) => ({ name })),
		paths,
		webhooks: webhooksOpenApi(),
		components: {
			securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: `lunas_` followed by 43 characters.' } },
			schemas: {
				Problem: {
					type: 'object',
					required: ['type', 'title', 'status', 'detail'],
					properties: {
						type: { type: 'string' },
						title: { type: 'string' },
						status: { type: 'integer' },
						detail: { type: 'string', examples: ['Periksa isian yang ditandai.'] },
						errors: {
							type: 'object',
							additionalProperties: { type: 'array', items: { type: 'string' } },
							examples: [{ amount: ['Jumlah harus bilangan bulat rupiah lebih dari 0.'] }]
						}
					}
				}
			}
		}
	};
}
