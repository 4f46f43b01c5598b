import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { nextVersion } from './version';
import { allocateNumbers, formatDocumentNumber } from './counters';
import { areas } from './schema';
import { randomUUID } from 'node:crypto';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t?.drop();
});

function deferred() {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

describe('sync versions', () => {
	it('become visible in the order they were taken (no hole for a puller)', async () => {
		const aHasVersion = deferred();
		const releaseA = deferred();
		const order: string[] = [];

		// A takes a version and keeps its transaction open.
		const a = t.db.transaction(async (tx) => {
			const v = await nextVersion(tx);
			await tx.insert(areas).values({ id: randomUUID(), name: 'Area A', version: v });
			aHasVersion.resolve();
			await releaseA.promise;
			order.push(`A:${v}`);
		});
		await aHasVersion.promise;

		// B starts later; it must wait for A's commit rather than take a higher number and commit first.
		let bDone = false;
		const b = t.db.transaction(async (tx) => {
			const v = await nextVersion(tx);
			await tx.insert(areas).values({ id: randomUUID(), name: 'Area B', version: v });
			order.push(`B:${v}`);
		}).then(() => (bDone = true));

		// While A is open, a puller sees neither row: nothing below a visible version can appear later.
		await new Promise((r) => setTimeout(r, 200));
		expect(bDone).toBe(false);
		const [visible] = (await t.db.execute(sql`SELECT COUNT(*) AS n FROM areas`)) as unknown as [Array<{ n: number }>];
		expect(Number(visible[0].n)).toBe(0);

		releaseA.resolve();
		await Promise.all([a, b]);
		const [first, second] = order;
		expect(first.startsWith('A:')).toBe(true);
		expect(Number(second.split(':')[1])).toBe(Number(first.split(':')[1]) + 1);
	});

	it('gives a rolled-back version back to nobody but never reuses a committed one', async () => {
		const committed = await t.db.transaction((tx) => nextVersion(tx));
		const again = await t.db.transaction((tx) => nextVersion(tx));
		expect(again).toBeGreaterThan(committed);
	});
});

describe('gap-free document numbers', () => {
	it('returns a rolled-back number to the next allocation', async () => {
		const first = await t.db.transaction((tx) => allocateNumbers(tx, 'INV-202611'));
		await t.db
			.transaction(async (tx) => {
				await allocateNumbers(tx, 'INV-202611');
				throw new Error('crash before commit');
			})
			.catch(() => undefined);
		const next = await t.db.transaction((tx) => allocateNumbers(tx, 'INV-202611'));
		expect(next).toBe(first + 1);
	});

	it('allocates blocks and keeps scopes apart', async () => {
		const start = await t.db.transaction((tx) => allocateNumbers(tx, 'RCP-202611', 5));
		const after = await t.db.transaction((tx) => allocateNumbers(tx, 'RCP-202611'));
		expect(start).toBe(1);
		expect(after).toBe(6);
		expect(formatDocumentNumber('INV', '202611', 123)).toBe('INV-202611-000123');
	});
});
