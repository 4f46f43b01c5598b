/**
 * SSRF guard for outgoing webhooks: an admin types the URL, so without this a webhook could make
 * the server POST into its own network (the database host, the routers, a cloud metadata
 * address). Private, loopback, link-local, CGNAT, multicast and reserved addresses are refused
 * unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES is set (a receiver on the ISP's own LAN; the tests).
 * The check runs on the address actually connected to (a DNS lookup hook), so a name that
 * resolves to a public address at registration and a private one later is still refused.
 */
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';

const blocked = new BlockList();
for (const [net, prefix] of [
	['0.0.0.0', 8],
	['10.0.0.0', 8],
	['100.64.0.0', 10],
	['127.0.0.0', 8],
	['169.254.0.0', 16],
	['172.16.0.0', 12],
	['192.0.0.0', 24],
	['192.168.0.0', 16],
	['198.18.0.0', 15],
	['224.0.0.0', 4],
	['240.0.0.0', 4]
] as const) {
	blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
	['::', 128],
	['::1', 128],
	['fc00::', 7],
	['fe80::', 10],
	['ff00::', 8],
	['64:ff9b::', 96],
	['2001:db8::', 32]
] as const) {
	blocked.addSubnet(net, prefix, 'ipv6');
}

/** Whether `address` (an IP literal) is one a webhook must not reach without the setting. */
export function isPrivateAddress(address: string): boolean {
	const bare = address.replace(/^\[|\]$/g, '');
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
	if (mapped) return blocked.check(mapped[1], 'ipv4');
	const family = isIP(bare);
	if (family === 0) return false;
	return blocked.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** Names that are the machine itself whatever DNS says. */
export function isLocalName(hostname: string): boolean {
	const h = hostname.toLowerCase().replace(/\.$/, '');
	return h === 'localhost' || h.endsWith('.localhost');
}

export class RefusedAddressError extends Error {
	readonly code = 'WEBHOOK_ADDRESS_REFUSED';
	constructor(readonly address: string) {
		super(`address ${address} is private or reserved; set WEBHOOK_ALLOW_PRIVATE_ADDRESSES to allow it`);
		this.name = 'RefusedAddressError';
	}
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that refuses private answers (Node calls it with `all` on newer versions). */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
	dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
		if (err) return callback(err, '');
		const refused = addresses.find((a) => isPrivateAddress(a.address));
		if (refused) return callback(new RefusedAddressError(refused.address), '');
		if (options.all) return callback(null, addresses);
		const first = addresses[0];
		callback(null, first.address, first.family);
	});
}
