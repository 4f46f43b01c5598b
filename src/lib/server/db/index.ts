import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import mysql from 'mysql2/promise';
import * as schema from './schema';
import { getConfig } from '../config';
import { retryOnLockConflict } from './lock-retry';

export type Db = MySql2Database<typeof schema> & { $client: mysql.Pool };
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DatabaseHandle {
	db: Db;
	pool: mysql.Pool;
	close(): Promise<void>;
}

/**
 * A pool speaking UTC: instants are stored in UTC and every date rule is computed in the ISP's
 * zone in code, so the server's own TZ and MySQL's global time_zone never matter.
 */
export function openDatabase(url: string, options: { connectionLimit?: number } = {}): DatabaseHandle {
	const pool = mysql.createPool({
		uri: url,
		timezone: 'Z',
		dateStrings: ['DATE'],
		supportBigNumbers: true,
		bigNumberStrings: false,
		connectionLimit: options.connectionLimit ?? 10,
		enableKeepAlive: true,
		charset: 'utf8mb4_unicode_ci'
	});
	// The callback pool underneath emits 'connection' with a raw connection.
	pool.pool.on('connection', (conn) => {
		conn.query("SET time_zone = '+00:00'");
	});
	const db = drizzle({ client: pool, schema, mode: 'default', casing: 'snake_case' }) as Db;
	// Every transaction, in one place: one that lost a deadlock or a lock wait runs again (see lock-retry.ts).
	const transaction = db.transaction.bind(db);
	db.transaction = ((run, config) => retryOnLockConflict(() => transaction(run, config))) as Db['transaction'];
	return { db, pool, close: () => pool.end() };
}

const globalForDb = globalThis as unknown as { lunasDb?: DatabaseHandle };

/** The app's database, cached on globalThis so dev-server reloads do not leak pools. */
export function getDb(): Db {
	globalForDb.lunasDb ??= openDatabase(getConfig().DATABASE_URL);
	return globalForDb.lunasDb.db;
}

/** Ends the app's pool (at shutdown): its open sockets would otherwise keep the process alive. */
export async function closeDb(): Promise<void> {
	const handle = globalForDb.lunasDb;
	globalForDb.lunasDb = undefined;
	await handle?.close();
}

export { schema };
