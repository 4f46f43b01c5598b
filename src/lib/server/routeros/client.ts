/**
 * The one adapter between Lunas and node-routeros. Everything else talks to routers through the
 * RouterClient interface (types.ts), so the library's quirks stay in this folder.
 */
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { applyNodeRouterosFixes } from './node-routeros-fixes';
import {
	RouterError,
	type ConnectOptions,
	type PrintOptions,
	type RosRow,
	type RouterClient,
	type RouterEndpoint
} from './types';

const require = createRequire(import.meta.url);

interface NodeRouterosApi {
	connector?: { socket?: Socket };
	/** Its keep-alive timer while commands are open; it would outlive a dead socket. */
	connectionHoldInterval?: ReturnType<typeof setTimeout>;
	connect(): Promise<unknown>;
	write(words: string[]): Promise<RosRow[]>;
	close(): Promise<unknown>;
	on(event: string, listener: (...args: unknown[]) => void): unknown;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 15_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Opens a connection and logs in (both the 6.43+ and the older challenge login). */
export async function connectRouter(endpoint: RouterEndpoint, options: ConnectOptions = {}): Promise<RouterClient> {
	applyNodeRouterosFixes();
	const { RouterOSAPI } = require('node-routeros');
	const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
	const api: NodeRouterosApi = new RouterOSAPI({
		host: endpoint.host,
		port: endpoint.port,
		user: endpoint.username,
		password: endpoint.password,
		// RouterOS ships a self-signed API-SSL certificate; there is no CA to check it against.
		tls: endpoint.tls ? { rejectUnauthorized: false } : undefined,
		// node-routeros' idle timeout (seconds). Our own per-command deadline guards stalls,
		// because its keep-alive writes stop the socket from ever looking idle.
		timeout: Math.max(5, Math.ceil(((options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS) * 4) / 1000)),
		keepalive: false
	});
	// Without a listener node-routeros' post-connect 'error' would be thrown; the socket's own
	// events (watched below) carry the real reason.
	api.on('error', () => {});

	const connecting = api.connect();
	const socket = api.connector?.socket;
	// node-routeros writes every word separately; with Nagle on, each command would wait for
	// the previous segment's ACK (~40 ms) before its last words leave.
	socket?.setNoDelay(true);
	let socketError: Error | null = null;
	socket?.on('error', (err) => (socketError ??= err));

	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		await Promise.race([
			connecting,
			new Promise((_, reject) => {
				timer = setTimeout(
					() => reject(new RouterError('timeout', `no answer from ${endpoint.host}:${endpoint.port} within ${connectTimeoutMs / 1000} s`)),
					connectTimeoutMs
				);
			})
		]);
	} catch (err) {
		socket?.destroy();
		// A rejection that arrives after the deadline must not become an unhandled one.
		connecting.catch(() => {});
		throw connectError(err, socketError, endpoint);
	} finally {
		clearTimeout(timer);
	}
	if (!socket) throw new RouterError('connect', 'node-routeros opened no socket');
	return new NodeRouterosClient(api, socket, options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
}

function connectError(err: unknown, socketError: Error | null, endpoint: RouterEndpoint): RouterError {
	const where = `${endpoint.host}:${endpoint.port}`;
	if (err instanceof RouterError) {
		// A trap during login is the router refusing the account.
		if (err.kind === 'trap') return new RouterError('login', `login refused by ${where}: ${err.message}`, err.category);
		// Before login completes, a closed socket means we never reached the router.
		return err.kind === 'closed' ? new RouterError('connect', `cannot reach ${where}: ${err.message}`) : err;
	}
	const e = err as { errno?: string; message?: string } | string;
	const errno = typeof e === 'string' ? e : e?.errno;
	if (errno === 'CANTLOGIN') return new RouterError('login', `login refused by ${where}: wrong username or password`);
	if (errno === 'SOCKTMOUT') return new RouterError('timeout', `no answer from ${where}`);
	const reason = socketError?.message || (typeof e === 'string' ? e : e?.message) || errno || 'connection failed';
	return new RouterError('connect', `cannot reach ${where}: ${reason}`);
}

interface InFlight {
	reject: (err: RouterError) => void;
	timer: ReturnType<typeof setTimeout>;
}

class NodeRouterosClient implements RouterClient {
	private closedWith: RouterError | null | undefined = undefined;
	private readonly inFlight = new Set<InFlight>();
	private readonly closeListeners: Array<(error: RouterError | null) => void> = [];

	constructor(
		private readonly api: NodeRouterosApi,
		private readonly socket: Socket,
		private readonly commandTimeoutMs: number
	) {
		let lastError: RouterError | null = null;
		socket.on('error', (err) => {
			lastError = err instanceof RouterError ? err : new RouterError('closed', err.message);
		});
		// 'close' always follows: end from the router, our destroy, a reset or a protocol error.
		socket.once('close', () => this.finish(lastError ?? new RouterError('closed', 'the router closed the connection')));
	}

	get alive(): boolean {
		return this.closedWith === undefined;
	}

	command(words: string[]): Promise<RosRow[]> {
		if (this.closedWith !== undefined) {
			return Promise.reject(this.closedWith ?? new RouterError('closed', 'connection is closed'));
		}
		return new Promise<RosRow[]>((resolve, reject) => {
			const entry: InFlight = {
				reject,
				timer: setTimeout(() => {
					// The reply stream is now in an unknown state: give the whole connection up.
					this.fail(new RouterError('timeout', `no answer to ${words[0]} within ${this.commandTimeoutMs / 1000} s`));
				}, this.commandTimeoutMs)
			};
			this.inFlight.add(entry);
			const settle = () => {
				clearTimeout(entry.timer);
				this.inFlight.delete(entry);
			};
			this.api.write([...words]).then(
				(rows) => {
					settle();
					resolve(rows);
				},
				(err: unknown) => {
					settle();
					reject(err instanceof RouterError ? err : new RouterError('protocol', String((err as Error)?.message ?? err)));
				}
			);
		});
	}

	print(menu: string, options: PrintOptions = {}): Promise<RosRow[]> {
		const words = [`${menu}/print`];
		if (options.proplist) words.push(`=.proplist=${options.proplist.join(',')}`);
		for (const [key, value] of Object.entries(options.where ?? {})) words.push(`?${key}=${value}`);
		return this.command(words);
	}

	async add(menu: string, attributes: Record<string, string>): Promise<string> {
		const rows = await this.command([`${menu}/add`, ...attributeWords(attributes)]);
		const id = rows.find((r) => r.ret !== undefined)?.ret;
		if (!id) throw new RouterError('protocol', `${menu}/add answered without an id`);
		return id;
	}

	async set(menu: string, id: string, attributes: Record<string, string>): Promise<void> {
		await this.command([`${menu}/set`, `=.id=${id}`, ...attributeWords(attributes)]);
	}

	async remove(menu: string, id: string): Promise<void> {
		await this.command([`${menu}/remove`, `=.id=${id}`]);
	}

	async unset(menu: string, id: string, property: string): Promise<void> {
		await this.command([`${menu}/unset`, `=numbers=${id}`, `=value-name=${property}`]);
	}

	onClose(listener: (error: RouterError | null) => void): void {
		if (this.closedWith !== undefined) listener(this.closedWith);
		else this.closeListeners.push(listener);
	}

	async close(): Promise<void> {
		if (this.closedWith !== undefined) return;
		this.finish(null);
		this.socket.destroy();
	}

	private fail(error: RouterError): void {
		this.finish(error);
		this.socket.destroy();
	}

	/** Settles everything once: pending commands fail, listeners hear why. */
	private finish(error: RouterError | null): void {
		if (this.closedWith !== undefined) return;
		this.closedWith = error;
		const reason = error ?? new RouterError('closed', 'connection closed');
		for (const entry of this.inFlight) {
			clearTimeout(entry.timer);
			entry.reject(reason);
		}
		this.inFlight.clear();
		clearTimeout(this.api.connectionHoldInterval);
		for (const listener of this.closeListeners.splice(0)) listener(error);
	}
}

function attributeWords(attributes: Record<string, string>): string[] {
	return Object.entries(attributes).map(([key, value]) => `=${key}=${value}`);
}
