/** The router client's public shapes: what the rest of Lunas sees of a RouterOS connection. */

/** One row of a RouterOS reply, attribute name → value; `.id` holds the item id (`*1A`). */
export type RosRow = Record<string, string>;

export interface RouterEndpoint {
	host: string;
	port: number;
	tls: boolean;
	username: string;
	password: string;
}

export interface ConnectOptions {
	/** How long one command may wait for its `!done` before the connection is given up. */
	commandTimeoutMs?: number;
	/** How long the TCP (and TLS) connect plus login may take. */
	connectTimeoutMs?: number;
}

/**
 * Why a router call failed. `trap` is the router refusing one command (the connection stays
 * usable); every other kind means the connection is gone and the call may be retried later.
 */
export type RouterErrorKind = 'connect' | 'login' | 'timeout' | 'closed' | 'trap' | 'fatal' | 'protocol';

export class RouterError extends Error {
	readonly kind: RouterErrorKind;
	/** RouterOS `!trap` category 0–7 when the router sent one. */
	readonly category: number | null;
	constructor(kind: RouterErrorKind, message: string, category: number | null = null) {
		super(message);
		this.name = 'RouterError';
		this.kind = kind;
		this.category = category;
	}
}

export interface PrintOptions {
	/** Exact-match filters, sent as `?name=value` queries (all must match). */
	where?: Record<string, string>;
	/** Only these attributes (`=.proplist=`); `.id` is always useful to include. */
	proplist?: string[];
}

export interface RouterClient {
	/** False once the connection has closed or failed; a dead client never recovers. */
	readonly alive: boolean;
	/**
	 * Sends one command (command word plus attribute/query words) and resolves with its `!re`
	 * rows. Calls made while others are in flight are pipelined on the same connection, each on
	 * its own tag.
	 */
	command(words: string[]): Promise<RosRow[]>;
	print(menu: string, options?: PrintOptions): Promise<RosRow[]>;
	/** `add`; resolves with the new item's id (`=ret=`). */
	add(menu: string, attributes: Record<string, string>): Promise<string>;
	set(menu: string, id: string, attributes: Record<string, string>): Promise<void>;
	remove(menu: string, id: string): Promise<void>;
	/**
	 * `unset numbers=<id> value-name=<property>`: the property goes back to not being set. This is
	 * the command RouterOS 6 and 7 document for it (`numbers`, `value-name`); Lunas does not rely
	 * on `set` with an empty value, whose meaning differs by property type.
	 */
	unset(menu: string, id: string, property: string): Promise<void>;
	/** Called once when the connection ends, for whatever reason. */
	onClose(listener: (error: RouterError | null) => void): void;
	close(): Promise<void>;
}
