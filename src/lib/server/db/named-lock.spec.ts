import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { acquireNamedLock, withNamedLock } from './named-lock';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t?.drop();
});

/** Who holds the lock now (a connection id), seen from a connection outside the pool. */
async function holderOf(name: string): Promise<number | null> {
	const conn = await mysql.createConnection({ uri: t.url });
	try {
		const [rows] = await conn.query('SELECT IS_USED_LOCK(CONCAT(?, DATABASE())) AS holder', [name]);
		const holder = (rows as Array<{ holder: number | null }>)[0].holder;
		return holder === null ? null : Number(holder);
	} finally {
		await conn.end();
	}
}

/** The connection ids the pool hands out, borrowed all at once so each is a different one. */
async function pooledConnectionIds(n: number): Promise<number[]> {
	const conns = await Promise.all(Array.from({ length: n }, () => t.db.$client.getConnection()));
	try {
		return await Promise.all(conns.map(async (c) => Number(((await c.query('SELECT CONNECTION_ID() AS id')) as unknown as [[{ id: number }]])[0][0].id)));
	} finally {
		for (const c of conns) c.release();
	}
}

describe('named locks', () => {
	it('one holder at a time; the lock is free again after the work, also when it throws', async () => {
		const first = await acquireNamedLock(t.db, 'test:turns:', 0);
		expect(first).not.toBeNull();
		expect(await acquireNamedLock(t.db, 'test:turns:', 0)).toBeNull();
		expect(await withNamedLock(t.db, 'test:turns:', 0, async () => 'ran')).toBeNull();
		await first!.release();
		await expect(withNamedLock(t.db, 'test:turns:', 0, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await holderOf('test:turns:')).toBeNull();
		expect(await withNamedLock(t.db, 'test:turns:', 0, async () => 'ran')).toEqual({ value: 'ran' });
	});

	it('a release that fails closes the connection instead of handing a lock holder back to the pool', async () => {
		// The real database, with one fault injected at the driver: the holder's RELEASE_LOCK
		// reply is lost (a network blip, a timeout), so whether the lock is still held is unknown.
		const pool = t.db.$client;
		const getConnection = pool.getConnection.bind(pool);
		pool.getConnection = async () => {
			const conn = await getConnection();
			const query = conn.query.bind(conn);
			conn.query = ((sql: string, values?: unknown) => (/RELEASE_LOCK/.test(sql) ? Promise.reject(new Error('reply lost')) : query(sql, values as never))) as typeof conn.query;
			return conn;
		};
		let holder: number | null;
		try {
			const lock = await acquireNamedLock(t.db, 'test:broken:', 0);
			holder = await holderOf('test:broken:');
			expect(holder).not.toBeNull();
			await lock!.release();
		} finally {
			pool.getConnection = getConnection;
		}
		// Closed, which ends the lock on the server; never back in the pool still holding it.
		for (let i = 0; i < 50 && (await holderOf('test:broken:')) !== null; i++) await new Promise((r) => setTimeout(r, 20));
		expect(await holderOf('test:broken:')).toBeNull();
		expect(await pooledConnectionIds(3)).not.toContain(holder);
	});
});
