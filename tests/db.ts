/**
 * Throwaway databases for Vitest. The test runner (scripts/test.ts) sets LUNAS_TEST_MYSQL_URL
 * (a server URL without database) and LUNAS_TEST_DB_PREFIX (unique per run); each spec file
 * gets its own migrated database under that prefix and drops it when done. The runner drops
 * whatever a crashed file left behind.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/index';
import { migrateDatabase } from '../src/lib/server/db/migrate';

export function testServerUrl(): string {
	return process.env.LUNAS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
}

export function testDbPrefix(): string {
	return process.env.LUNAS_TEST_DB_PREFIX ?? `lunas_t${process.pid}`;
}

export interface TestDatabase extends DatabaseHandle {
	url: string;
	name: string;
	/** Drops the database; call from afterAll. */
	drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
	const name = `${testDbPrefix()}_${randomBytes(4).toString('hex')}`;
	const server = testServerUrl().replace(/\/?$/, '/');
	const admin = await mysql.createConnection({ uri: server });
	await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
	await admin.end();
	const url = `${server}${name}`;
	const handle = openDatabase(url);
	await migrateDatabase(handle.db);
	return {
		...handle,
		url,
		name,
		async drop() {
			await handle.close();
			const conn = await mysql.createConnection({ uri: server });
			await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
			await conn.end();
		}
	};
}

/** A config good enough for services under test. */
export function testConfig(databaseUrl: string) {
	return {
		DATABASE_URL: databaseUrl,
		SESSION_SECRET: 'test-session-secret-test-session-secret',
		SECRETS_KEY: '0123456789abcdef'.repeat(4),
		ISP_TIMEZONE: 'Asia/Jakarta',
		PUBLIC_BASE_URL: 'http://localhost:5173',
		SESSION_DAYS: 30,
		LOG_LEVEL: 'silent' as const,
		MIGRATIONS_DIR: 'drizzle',
		RUN_MIGRATIONS_ON_START: true,
		SCHEDULER_ENABLED: false,
		MIDTRANS_SERVER_KEY: '',
		MIDTRANS_CLIENT_KEY: '',
		MIDTRANS_IS_PRODUCTION: false,
		MIDTRANS_SNAP_BASE_URL: undefined as string | undefined,
		MIDTRANS_API_BASE_URL: undefined as string | undefined,
		MIDTRANS_EXPIRY_MINUTES: 1440,
		MIDTRANS_CHECK_INTERVAL_SECONDS: 300,
		ROUTER_MONITOR_ENABLED: false,
		ROUTER_MONITOR_INTERVAL_SECONDS: 30,
		ROUTER_WORKER_ENABLED: false,
		METRICS_TOKEN: undefined as string | undefined,
		BACKUP_KEY: undefined as string | undefined,
		BACKUP_DIR: 'backups',
		BACKUP_KEEP_DAILY: 7,
		BACKUP_KEEP_WEEKLY: 4,
		BACKUP_S3_BUCKET: undefined as string | undefined,
		BACKUP_S3_PREFIX: 'lunas/',
		BACKUP_S3_REGION: 'us-east-1',
		BACKUP_S3_ENDPOINT: undefined as string | undefined,
		BACKUP_S3_ACCESS_KEY_ID: undefined as string | undefined,
		BACKUP_S3_SECRET_ACCESS_KEY: undefined as string | undefined,
		WHATSAPP_WORKER_ENABLED: false,
		WEBHOOK_WORKER_ENABLED: false,
		WEBHOOK_ALLOW_PRIVATE_ADDRESSES: true
	};
}
