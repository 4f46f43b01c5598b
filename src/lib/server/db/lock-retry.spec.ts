import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { trpcTester } from '../../../../tests/trpc';
import { routers } from '../db/schema';

let t: TestDatabase;
const tester = trpcTester(() => t);

beforeAll(async () => {
	t = await createTestDatabase();
	await t.db.execute(sql`CREATE TABLE lock_probe (id INT PRIMARY KEY, n INT NOT NULL)`);
	await t.db.execute(sql`INSERT INTO lock_probe VALUES (1, 0), (2, 0)`);
});
afterAll(async () => t?.drop());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('transactions that lose a lock conflict', () => {
	it('run again: two transactions locking two rows in opposite order both commit', async () => {
		let runs = 0;
		const cross = (first: number, second: number) =>
			t.db.transaction(async (tx) => {
				runs++;
				await tx.execute(sql`UPDATE lock_probe SET n = n + 1 WHERE id = ${first}`);
				await pause(150);
				await tx.execute(sql`UPDATE lock_probe SET n = n + 1 WHERE id = ${second}`);
			});
		await Promise.all([cross(1, 2), cross(2, 1)]);
		// One of them was chosen as the deadlock victim and ran a second time.
		expect(runs).toBe(3);
		const [rows] = (await t.db.execute(sql`SELECT n FROM lock_probe ORDER BY id`)) as unknown as [Array<{ n: number }>];
		expect(rows.map((r) => r.n)).toEqual([2, 2]);
	});

	it('concurrent router creates of different names all succeed (they deadlocked on the name check)', async () => {
		const admin = await tester.makeUser('admin');
		const names = Array.from({ length: 8 }, (_, i) => `Parallel ${i}`);
		const results = await Promise.allSettled(
			names.map((name) => tester.callerAs(admin).routers.create({ name, host: '10.9.9.9', username: 'api', password: 'secret' }))
		);
		expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
		const stored = await t.db.select({ name: routers.name }).from(routers);
		expect(stored.map((r) => r.name).filter((n) => n.startsWith('Parallel')).sort()).toEqual(names);
	});

	it('do not run again for any other failure', async () => {
		let runs = 0;
		const err = await t.db
			.transaction(async (tx) => {
				runs++;
				await tx.execute(sql`INSERT INTO lock_probe VALUES (1, 0)`);
			})
			.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(Error);
		expect(runs).toBe(1);
	});
});
