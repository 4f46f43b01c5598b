/**
 * The RouterOS script an operator pastes into a router's terminal to set up isolir for its
 * method (DESIGN §5): the isolir profile, the list of hosts isolated customers may still reach
 * (Lunas, DNS, Midtrans), the redirect of their web traffic to Lunas' /isolir page, and the hotspot
 * walled garden. Every item it makes carries a `lunas-isolir` comment and is removed before being
 * added again, so running the script twice leaves one copy.
 *
 * The redirect goes through the router's web proxy: a plain dst-nat to Lunas would deliver the
 * customer's original request (any host, any path) to Lunas, while the proxy answers every page
 * with a redirect to <PUBLIC_BASE_URL>/isolir.
 */
import type { IsolationMethod } from '../../shared/domain';

/** Hosts an isolated customer must reach to pay with Midtrans Snap (pages, API, Snap's assets). */
export const MIDTRANS_HOSTS = [
	'app.midtrans.com',
	'app.sandbox.midtrans.com',
	'api.midtrans.com',
	'api.sandbox.midtrans.com',
	'pay.midtrans.com',
	'simulator.sandbox.midtrans.com',
	'snap-assets.al-pc-id-b.cdn.gtflabs.io',
	'snap-assets.al-pc-id-p.cdn.gtflabs.io'
] as const;

export const ALLOW_LIST = 'lunas-allow';
export const SCRIPT_TAG = 'lunas-isolir';
export const DEFAULT_ISOLIR_RATE_LIMIT = '512k/512k';
/** The router's web proxy port that answers isolated customers' pages with the redirect. */
export const DEFAULT_PROXY_PORT = 8089;

export interface IsolirScriptInput {
	routerName: string;
	method: IsolationMethod;
	isolirProfile: string;
	isolirAddressList: string;
	/** PUBLIC_BASE_URL, e.g. https://billing.example.net */
	baseUrl: string;
	/** Also set up the hotspot user profile and walled garden. */
	hotspot: boolean;
	rateLimit?: string;
	proxyPort?: number;
}

/**
 * A RouterOS string literal. Inside double quotes RouterOS treats `\`, `"` and `$` specially,
 * and the terminal opens help on `?`; control characters would end the line.
 */
export function rosString(value: string): string {
	const escaped = value.replace(/[\\"$?]/g, (c) => `\\${c}`).replace(/[\u0000-\u001f\u007f]/g, (c) => {
		if (c === '\n') return '\\n';
		if (c === '\r') return '\\r';
		if (c === '\t') return '\\t';
		return `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
	});
	return `"${escaped}"`;
}

/** A name as a bare word when it is a plain one, else quoted. */
function rosWord(value: string): string {
	return /^[A-Za-z0-9._-]+$/.test(value) ? value : rosString(value);
}

/** A line for a `#` comment: no line breaks can sneak a command in. */
const commentText = (value: string) => value.replace(/[\u0000-\u001f\u007f]+/g, ' ');

const tagged = (what: string) => `comment=${rosString(`${SCRIPT_TAG}: ${what}`)}`;
const clearTagged = () => `remove [find comment~${rosString(`^${SCRIPT_TAG}`)}]`;

function lunasTarget(baseUrl: string): { host: string; redirect: string } {
	const url = new URL(baseUrl);
	// Without a scheme the proxy sends the browser to http://…; an https-only site redirects from there.
	const port = url.protocol === 'http:' && url.port ? `:${url.port}` : '';
	return { host: url.hostname.replace(/^\[|\]$/g, ''), redirect: `${url.hostname}${port}/isolir` };
}

function profileSection(menu: string, input: IsolirScriptInput, rateLimit: string): string[] {
	const name = rosString(input.isolirProfile);
	return [
		menu,
		`:if ([:len [find name=${name}]] = 0) do={ add name=${name} }`,
		`set [find name=${name}] rate-limit=${rosString(rateLimit)} address-list=${rosString(input.isolirAddressList)} ${tagged('profile for isolated customers')}`
	];
}

export function isolirScript(input: IsolirScriptInput): string {
	const { host, redirect } = lunasTarget(input.baseUrl);
	const rateLimit = input.rateLimit ?? DEFAULT_ISOLIR_RATE_LIMIT;
	const proxyPort = input.proxyPort ?? DEFAULT_PROXY_PORT;
	const list = input.isolirAddressList;
	const allowed = [host, ...MIDTRANS_HOSTS];
	const lines: string[] = [
		`# Lunas: isolir setup for router ${commentText(input.routerName)} (method: ${input.method})`,
		`# Paste into the router's terminal. Running it again replaces what it made (comment "${SCRIPT_TAG}").`,
		''
	];

	if (input.method === 'disable') {
		lines.push(
			'# Method "disable": isolated customers cannot connect at all, so they cannot be shown the',
			'# isolir page. Switch the router to the "profile" method to redirect them to the pay page.'
		);
		if (input.hotspot) lines.push('', ...walledGarden(allowed));
		return lines.join('\n') + '\n';
	}

	if (input.method === 'profile') {
		lines.push('# The isolir profile: low speed, and its sessions are put on the isolir address-list.');
		lines.push(...profileSection('/ppp profile', input, rateLimit));
		if (input.hotspot) lines.push(...profileSection('/ip hotspot user profile', input, rateLimit));
		lines.push('');
	} else {
		lines.push(
			`# Method "address-list": Lunas adds an isolated customer's address to list ${commentText(list)} and`,
			'# removes it on restore; the list needs no setup of its own.',
			''
		);
	}

	lines.push(
		'# Hosts isolated customers may still reach: Lunas and Midtrans.',
		'/ip firewall address-list',
		`remove [find list=${rosString(ALLOW_LIST)} dynamic=no]`,
		...allowed.map((h) => `add list=${rosString(ALLOW_LIST)} address=${rosString(h)} ${tagged(h === host ? 'Lunas' : 'Midtrans')}`),
		'',
		'# The web proxy answers every page an isolated customer opens with a redirect to the isolir page.',
		`/ip proxy set enabled=yes port=${proxyPort}`,
		'/ip proxy access',
		clearTagged(),
		`add action=redirect action-data=${rosString(redirect)} ${tagged('every page to the isolir page')}`,
		'',
		'/ip firewall nat',
		clearTagged(),
		`add chain=dstnat src-address-list=${rosWord(list)} dst-address-list=!${rosWord(ALLOW_LIST)} protocol=tcp dst-port=80 action=redirect to-ports=${proxyPort} ${tagged('web pages to the isolir page')}`,
		'',
		'# Isolated customers reach only DNS, Lunas and Midtrans. These rules are added at the end of the',
		'# forward chain: if an earlier rule accepts all LAN traffic, move them above it.',
		'/ip firewall filter',
		clearTagged(),
		`add chain=forward src-address-list=${rosWord(list)} protocol=udp dst-port=53 action=accept ${tagged('DNS')}`,
		`add chain=forward src-address-list=${rosWord(list)} protocol=tcp dst-port=53 action=accept ${tagged('DNS')}`,
		`add chain=forward src-address-list=${rosWord(list)} dst-address-list=${rosWord(ALLOW_LIST)} action=accept ${tagged('Lunas and Midtrans')}`,
		`add chain=forward src-address-list=${rosWord(list)} action=reject reject-with=icmp-network-prohibited ${tagged('everything else')}`,
		`add chain=input src-address-list=!${rosWord(list)} protocol=tcp dst-port=${proxyPort} action=drop ${tagged('the redirect proxy serves isolated customers only')}`
	);
	if (input.hotspot) lines.push('', ...walledGarden(allowed));
	return lines.join('\n') + '\n';
}

/** Hotspot users who are not logged in (or are refused) may still open Lunas and Midtrans. */
function walledGarden(hosts: string[]): string[] {
	return [
		'# Hotspot walled garden: Lunas and Midtrans open without logging in.',
		'/ip hotspot walled-garden',
		clearTagged(),
		...hosts.map((h) => `add dst-host=${rosString(h)} action=allow ${tagged(h)}`),
		'/ip hotspot walled-garden ip',
		clearTagged(),
		...hosts.map((h) => `add dst-host=${rosString(h)} action=accept ${tagged(h)}`)
	];
}
