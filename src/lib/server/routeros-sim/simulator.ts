/** Starts a simulated MikroTik router: a TCP (or TLS) server speaking the RouterOS API. */
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { RosMajor } from './format';
import { ApiConnection, type Faults } from './connection';
import { RouterState, type RouterStateOptions } from './state';
import { generateSelfSignedCert } from './tls-cert';

export interface SimulatorOptions
	extends Omit<RouterStateOptions, 'ros'>,
		Partial<Omit<Faults, 'trapOn'>> {
	user: string;
	password: string;
	ros?: RosMajor;
	/** Port to listen on; 0 picks a free one. */
	port?: number;
	host?: string;
	/** Pre-6.43 challenge login instead of the plain one. */
	legacyLogin?: boolean;
	/** Answer empty prints with `!empty` (RouterOS 7.18+); defaults to on for ros 7. */
	emptyReply?: boolean;
	/** Serve API-SSL with a throwaway self-signed certificate. */
	tls?: boolean;
	trapOn?: Faults['trapOn'];
}

export interface RouterOsSimulator {
	host: string;
	port: number;
	tls: boolean;
	/** PEM of the self-signed certificate when `tls` is on, for clients that pin it. */
	certificate?: string;
	/** The router's data; tests may read and change menus directly. */
	state: RouterState;
	/** Current fault knobs (live: changes apply to the next command). */
	faults: Faults;
	setFault(changes: Partial<Faults>): void;
	close(): Promise<void>;
}

export async function startRouterOsSimulator(options: SimulatorOptions): Promise<RouterOsSimulator> {
	const ros = options.ros ?? 7;
	const state = new RouterState({ ...options, ros });
	const faults: Faults = {
		latencyMs: options.latencyMs ?? 0,
		refuseLogin: options.refuseLogin ?? false,
		dropMidReply: options.dropMidReply ?? false,
		trapOn: options.trapOn ?? null,
		splitWrites: options.splitWrites ?? false,
		stall: options.stall ?? false
	};
	const sockets = new Set<Socket>();
	const onConnection = (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		new ApiConnection(socket, {
			user: options.user,
			password: options.password,
			legacyLogin: options.legacyLogin ?? false,
			command: { state, ros, emptyReply: options.emptyReply ?? ros === 7 },
			faults
		});
	};

	let server: Server;
	let certificate: string | undefined;
	if (options.tls) {
		const { key, cert } = await generateSelfSignedCert();
		certificate = cert;
		server = createTlsServer({ key, cert }, onConnection);
	} else {
		server = createTcpServer(onConnection);
	}
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;

	return {
		host,
		port,
		tls: Boolean(options.tls),
		certificate,
		state,
		faults,
		setFault(changes) {
			Object.assign(faults, changes);
		},
		async close() {
			state.dispose();
			for (const s of sockets) s.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
