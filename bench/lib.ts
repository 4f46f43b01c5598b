/**
 * What every bench repeats: a throwaway database on the project's MariaDB (created, migrated,
 * dropped), timing and medians, and for the sync benches the real tRPC handler behind node:http
 * signed in as a seeded technician.
 */
import http from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { findOrStartMysql } from '../scripts/lib/mysql-server';
import { openDatabase, type DatabaseHandle, type Db } from '../src/lib/server/db/index';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { userAreas, users } from '../src/lib/server/db/schema';
import { appRouter } from '../src/lib/server/trpc/root';
import { createContext } from '../src/lib/server/trpc/trpc';
import type { SessionUser } from '../src/lib/server/auth/session';
import type { Config } from '../src/lib/server/config';

export const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchDatabase {
	handle: DatabaseHandle;
	db: Db;
	url: string;
	name: string;
}

/**
 * Runs `fn` on a migrated database named `<prefix>_<time>` (or the existing `reuse`), then drops it
 * unless `keep` or `reuse`; the MariaDB server is stopped again if the bench started it.
 */
export async function withBenchDatabase<T>(
	options: { prefix: string; connectionLimit?: number; reuse?: string; keep?: boolean },
	fn: (bench: BenchDatabase) => Promise<T>
): Promise<T> {
	const server = await findOrStartMysql(projectDir, () => {});
	const name = options.reuse ?? `${options.prefix}_${Date.now().toString(36)}`;
	const admin = await mysql.createConnection({ uri: server.serverUrl });
	if (!options.reuse) await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
	const url = `${server.serverUrl}${name}`;
	const handle = openDatabase(url, options.connectionLimit === undefined ? {} : { connectionLimit: options.connectionLimit });
	try {
		await migrateDatabase(handle.db, path.join(projectDir, 'drizzle'));
		return await fn({ handle, db: handle.db, url, name });
	} finally {
		await handle.close();
		if (options.keep || options.reuse) console.log(`  (database ${name} kept)`);
		else await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
		await admin.end();
		await server.stop();
	}
}

/** Runs a bench's main, exiting non-zero on failure. */
export function runBench(main: () => Promise<void>): void {
	main().catch((err) => {
		console.error(err);
		process.exit(1);
	});
}

/** Wall time of `fn` in seconds, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
	const started = performance.now();
	const result = await fn();
	return [(performance.now() - started) / 1000, result];
}

/** The middle value (the upper middle for an even count). */
export function median(xs: number[]): number {
	return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** Median milliseconds of `runs` calls of `fn`, after one uncounted warm-up call. */
export async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
	await fn(); // warm the buffer pool and the statement path
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await fn();
		times.push(performance.now() - started);
	}
	return median(times);
}

/** `1.23 s` from milliseconds. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** A technician assigned to `areaIds`, as the session the tRPC context would carry. */
export async function seedTechnician(db: Db, areaIds: string[]): Promise<SessionUser> {
	const id = randomUUID();
	await db.insert(users).values({ id, username: 'bench-tech', name: 'Bench Tech', role: 'technician', passwordHash: 'x' });
	await db.insert(userAreas).values(areaIds.map((areaId) => ({ userId: id, areaId })));
	return { id, username: 'bench-tech', name: 'Bench Tech', role: 'technician', language: 'id' };
}

export interface BenchApiServer {
	port: number;
	/** Milliseconds spent inside the handler since the last reset. */
	serverMs: number;
	close(): void;
}

/**
 * The real tRPC fetch handler (same router as /api/trpc) behind node:http on 127.0.0.1, every call
 * made as `user`; time inside the handler is summed in `serverMs`. `page`, when given, answers
 * anything outside /api/trpc (a bench page served from the same origin, as on a phone).
 */
export async function startBenchApi(
	bench: BenchDatabase,
	user: SessionUser,
	options: { timeZone: string; page?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean }
): Promise<BenchApiServer> {
	const config = {
		DATABASE_URL: bench.url,
		ISP_TIMEZONE: options.timeZone,
		SECRETS_KEY: '0123456789abcdef'.repeat(4),
		SESSION_SECRET: 'bench-session-secret-bench-session-secret',
		SESSION_DAYS: 30
	} as unknown as Config;
	const api: BenchApiServer = { port: 0, serverMs: 0, close: () => httpServer.close() };
	const httpServer = http.createServer(async (req, res) => {
		if (options.page?.(req, res)) return;
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const started = performance.now();
		const response = await fetchRequestHandler({
			endpoint: '/api/trpc',
			req: new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined }),
			router: appRouter,
			createContext: () => createContext({ db: bench.db, config, user, sessionId: null, ipAddress: '127.0.0.1', lang: 'id' })
		});
		const body = Buffer.from(await response.arrayBuffer());
		api.serverMs += performance.now() - started;
		res.writeHead(response.status, Object.fromEntries(response.headers));
		res.end(body);
	});
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	api.port = (httpServer.address() as { port: number }).port;
	return api;
}
