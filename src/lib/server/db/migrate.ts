import path from 'node:path';
import mysql from 'mysql2/promise';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import type { Db } from './index';
import { withNamedLock } from './named-lock';

/** Splits mysql://user:pass@host:port/name into the server URL and the database name. */
export function splitDatabaseUrl(url: string): { serverUrl: string; database: string } {
	const parsed = new URL(url);
	const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
	if (!/^[A-Za-z0-9_$]+$/.test(database)) {
		throw new Error(`Database name "${database}" may only contain letters, digits, _ and $`);
	}
	parsed.pathname = '/';
	return { serverUrl: parsed.toString(), database };
}

/** Creates the database named in the URL if it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
	const { serverUrl, database } = splitDatabaseUrl(url);
	const conn = await mysql.createConnection({ uri: serverUrl });
	try {
		await conn.query(
			`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
		);
	} finally {
		await conn.end();
	}
}

/**
 * Applies pending drizzle migrations. Several instances may start at once, so the work is
 * serialised with a MySQL named lock; the second instance finds nothing left to do.
 */
export async function migrateDatabase(db: Db, migrationsDir = 'drizzle'): Promise<void> {
	// Named locks are server-wide: withNamedLock scopes it to this database, so migrating one
	// database (e.g. a test's throwaway one) never waits on another.
	const done = await withNamedLock(db, 'lunas:migrate:', 120, async () => {
		await migrate(db, { migrationsFolder: path.resolve(migrationsDir) });
		await db.$client.query('INSERT IGNORE INTO sync_counter (id, value) VALUES (1, 0)');
	});
	if (!done) throw new Error('Could not take the migration lock within 120 s (another instance is migrating?)');
}
