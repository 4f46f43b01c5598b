/**
 * Inputs for routers (MikroTik boxes Lunas manages). Custom messages are message keys, translated
 * by the tRPC error formatter (see shared/validation.ts).
 */
import { z } from 'zod';
import { text } from './text';
import { ISOLATION_METHODS } from '../domain';
import { ROUTER_PROFILE_RE } from './catalogue';

export const DEFAULT_API_PORT = 8728;
export const DEFAULT_API_TLS_PORT = 8729;

/** A DNS name (labels of letters, digits and dashes), an IPv4 address or an IPv6 address. */
const HOSTNAME_RE = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4_RE = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_RE = /^[0-9A-Fa-f:]+(?:%[A-Za-z0-9]+)?$/;

export function isRouterHost(value: string): boolean {
	if (IPV4_RE.test(value)) return true;
	if (value.includes(':')) return IPV6_RE.test(value) && value.split(':').length >= 3;
	// Something that looks like a dotted quad but is not a valid one is a typo, not a host name.
	if (/^[\d.]+$/.test(value)) return false;
	return HOSTNAME_RE.test(value);
}

/** An address-list name that needs no quoting in the RouterOS API or terminal. */
export const ADDRESS_LIST_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const routerFields = {
	name: text().trim().min(1).max(100),
	host: text()
		.trim()
		.min(1)
		.max(255)
		// Empty is already "required"; one message per problem.
		.refine((v) => v === '' || isRouterHost(v), { error: 'validation.routerHost' }),
	/** Absent or null: the RouterOS default for the chosen transport (8728, or 8729 with TLS). */
	apiPort: z
		.number({ error: 'validation.routerPort' })
		.int({ error: 'validation.routerPort' })
		.min(1, { error: 'validation.routerPort' })
		.max(65535, { error: 'validation.routerPort' })
		.nullish(),
	useTls: z.boolean().default(false),
	username: text()
		.trim()
		.min(1)
		.max(64)
		.refine((v) => !/\s/.test(v), { error: 'validation.routerUsername' }),
	isolationMethod: z.enum(ISOLATION_METHODS, { error: 'validation.isolationMethod' }).default('profile'),
	isolirProfile: z.string().trim().regex(ROUTER_PROFILE_RE, { error: 'validation.routerProfile' }).default('isolir'),
	isolirAddressList: z.string().trim().regex(ADDRESS_LIST_RE, { error: 'validation.addressList' }).default('isolir'),
	autoFixDrift: z.boolean().default(false)
};

const password = text().max(128, { error: 'validation.routerPasswordLong' });

function withDefaultPort<T extends { apiPort?: number | null; useTls: boolean }>(input: T) {
	return { ...input, apiPort: input.apiPort ?? (input.useTls ? DEFAULT_API_TLS_PORT : DEFAULT_API_PORT) };
}

export const routerCreateInput = z
	.object({ ...routerFields, password: password.min(1, { error: 'validation.routerPassword' }) })
	.transform(withDefaultPort);

/** An empty or missing password keeps the stored one: the browser never receives it to send back. */
export const routerUpdateInput = z
	.object({
		id: z.uuid(),
		...routerFields,
		password: password.nullish().transform((v) => (v ? v : null))
	})
	.transform(withDefaultPort);

export const routerIdInput = z.object({ id: z.uuid() });

/** "Test connection": requestId makes a double click enqueue one probe. */
export const routerProbeInput = z.object({ id: z.uuid(), requestId: z.uuid() });

export const routerJobInput = z.object({ id: z.uuid(), jobId: z.number().int().positive() });

/** Interface names on RouterOS are free text up to 64 characters (`ether1`, `sfp-sfpplus1`, `pppoe-out1`). */
export const routerTrafficInput = z.object({
	id: z.uuid(),
	interface: text().trim().min(1).max(64)
});

export type RouterCreateInput = z.input<typeof routerCreateInput>;
export type RouterUpdateInput = z.input<typeof routerUpdateInput>;
