/**
 * Inputs for areas, packages and customers. Custom messages are message keys (translated by the
 * tRPC error formatter, see shared/validation.ts).
 */
import { z } from 'zod';
import { text } from './text';
import { CUSTOMER_STATUSES, SERVICE_TYPES } from '../domain';
import { MAX_AMOUNT } from '../money';
import { normalisePhone } from '../phone';
import { listInput } from './list';

const name = (max: number, multiline = false) => text({ multiline }).trim().min(1).max(max);

/** Empty or missing becomes null, so a form's blank field clears the column. */
const optionalText = (max: number, multiline = true) =>
	text({ multiline })
		.trim()
		.max(max)
		.nullish()
		.transform((v) => (v ? v : null));

export const idInput = z.object({ id: z.uuid() });

// Areas ------------------------------------------------------------------------------------------

const areaFields = {
	name: name(100),
	description: optionalText(255),
	/** The router serving the area, where field installations here are provisioned; none is allowed. */
	routerId: z.uuid({ error: 'validation.routerUnknown' }).nullable().default(null)
};

export const areaCreateInput = z.object(areaFields);
export const areaUpdateInput = z.object({ id: z.uuid(), ...areaFields });
export const areaListInput = listInput({ name: 'string' }, { sort: 'name' });

// Packages ---------------------------------------------------------------------------------------

/** A RouterOS rate such as `512k`, `10M` or `1G` (bits per second; no suffix is bits). */
const RATE = String.raw`\d{1,10}[kKmMgG]?`;
const PAIR = `${RATE}/${RATE}`;
/** A burst time in seconds, e.g. `8` or `16s`. */
const TIME = String.raw`\d{1,6}[smh]?`;

/** `rx/tx [burst-rx/burst-tx [threshold-rx/threshold-tx [time-rx/time-tx [priority]]]]` (rx = client upload). */
export const RATE_LIMIT_RE = new RegExp(`^${PAIR}(?: ${PAIR}(?: ${PAIR}(?: ${TIME}/${TIME}(?: [1-8])?)?)?)?$`);
/** The burst parts on their own: `burst-rx/burst-tx threshold-rx/threshold-tx time-rx/time-tx`. */
export const BURST_RE = new RegExp(`^${PAIR} ${PAIR} ${TIME}/${TIME}$`);
/** A PPP / hotspot profile name that needs no quoting in the RouterOS API or terminal. */
export const ROUTER_PROFILE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const singleSpaced = (s: string) => s.trim().replace(/\s+/g, ' ');

export const priceSchema = z
	.number({ error: 'validation.price' })
	.int({ error: 'validation.price' })
	.positive({ error: 'validation.price' })
	.max(MAX_AMOUNT, { error: 'validation.price' });

const packageFields = {
	name: name(100),
	price: priceSchema,
	serviceType: z.enum(SERVICE_TYPES),
	routerProfile: z.string().trim().regex(ROUTER_PROFILE_RE, { error: 'validation.routerProfile' }),
	rateLimit: z.string().max(128).transform(singleSpaced).pipe(z.string().regex(RATE_LIMIT_RE, { error: 'validation.rateLimit' })),
	burst: z
		.string()
		.max(128)
		.nullish()
		.transform((v) => (v?.trim() ? singleSpaced(v) : null))
		.refine((v) => v === null || BURST_RE.test(v), { error: 'validation.burst' }),
	priority: z.number({ error: 'validation.priority' }).int({ error: 'validation.priority' }).min(1, { error: 'validation.priority' }).max(8, { error: 'validation.priority' }).default(8),
	active: z.boolean().default(true)
};

/** Burst belongs in one place: either inside the rate limit or in its own field. */
function burstOnce(input: { rateLimit: string; burst: string | null }, ctx: z.RefinementCtx) {
	if (input.burst && input.rateLimit.includes(' ')) {
		ctx.addIssue({ code: 'custom', path: ['burst'], message: 'validation.burstTwice' });
	}
}

export const packageCreateInput = z.object(packageFields).superRefine(burstOnce);
export const packageUpdateInput = z.object({ id: z.uuid(), ...packageFields }).superRefine(burstOnce);
/** "Kirim profil ke router": which router; the request id makes a resend queue one job. */
export const packagePushProfileInput = z.object({ packageId: z.uuid(), routerId: z.uuid({ error: 'validation.routerChoose' }), requestId: z.uuid() });
export const packageListInput = listInput({ name: 'string', price: 'number' }, { sort: 'name' });

// Customers --------------------------------------------------------------------------------------

export const phoneSchema = text()
	.trim()
	.min(1)
	.max(32, { error: 'validation.phone' })
	.transform((raw, ctx) => {
		const phone = normalisePhone(raw);
		if (phone === null) {
			ctx.addIssue({ code: 'custom', message: 'validation.phone' });
			return z.NEVER;
		}
		return phone;
	});

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const coordinate = (limit: number, key: 'validation.latitude' | 'validation.longitude') =>
	z
		.number({ error: key })
		.min(-limit, { error: key })
		.max(limit, { error: key })
		.nullish()
		// DECIMAL(9,6): about 11 cm, finer than any phone GPS.
		.transform((v) => (v === null || v === undefined ? null : Math.round(v * 1e6) / 1e6));

export const customerFields = {
	name: name(120),
	phone: phoneSchema,
	email: optionalText(255)
		.transform((v) => (v ? v.toLowerCase() : null))
		.refine((v) => v === null || EMAIL_RE.test(v), { error: 'validation.email' }),
	address: name(500, true),
	areaId: z.uuid({ error: 'validation.area' }),
	latitude: coordinate(90, 'validation.latitude'),
	longitude: coordinate(180, 'validation.longitude'),
	status: z.enum(CUSTOMER_STATUSES).default('active'),
	notes: optionalText(2000)
};

/** GPS is a point: both coordinates or neither. */
function gpsPair(input: { latitude: number | null; longitude: number | null }, ctx: z.RefinementCtx) {
	if ((input.latitude === null) !== (input.longitude === null)) {
		ctx.addIssue({ code: 'custom', path: [input.latitude === null ? 'latitude' : 'longitude'], message: 'validation.gpsPair' });
	}
}

/** `id` is optional and client-generated: resending the same create returns the same customer. */
export const customerCreateInput = z.object({ id: z.uuid().optional(), ...customerFields }).superRefine(gpsPair);
export const customerUpdateInput = z.object({ id: z.uuid(), ...customerFields }).superRefine(gpsPair);
export const customerListInput = listInput(
	{ code: 'string', name: 'string' },
	{ sort: 'name' },
	{ areaId: z.uuid().optional(), status: z.enum(CUSTOMER_STATUSES).optional() }
);

export type AreaInput = z.input<typeof areaCreateInput>;
export type PackageInput = z.input<typeof packageCreateInput>;
export type CustomerInput = z.input<typeof customerCreateInput>;
