import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makeSubscription } from '../../../../tests/fixtures';
import { openDatabase, type DatabaseHandle } from '../db/index';
import { invoices, taskRuns } from '../db/schema';
import { tick } from './scheduler';
import { startTask, TaskBusyError } from './task-runs';

let t: TestDatabase;
let second: DatabaseHandle;

beforeAll(async () => {
	t = await createTestDatabase();
	second = openDatabase(t.url);
	const isp = await makeIsp(t.db);
	for (let i = 0; i < 5; i++) await makeSubscription(t.db, isp, await makeCustomer(t.db, isp), { startDate: '2026-11-01' });
});
afterAll(async () => {
	await second?.close();
	await t?.drop();
});

describe('scheduler', () => {
	it('waits for the local time, then runs each task once a day even with two instances ticking', async () => {
		// 00:30 WIB: before the 01:00 billing run.
		expect(await tick(t.db, 'Asia/Jakarta', new Date('2026-11-23T17:30:00Z'))).toEqual([]);
		const at = new Date('2026-11-23T18:45:00Z'); // 01:45 WIB on 24 Nov
		const [a, b] = await Promise.all([tick(t.db, 'Asia/Jakarta', at), tick(second.db, 'Asia/Jakarta', at)]);
		expect([...a, ...b].map((r) => r.task).sort()).toEqual(['billing', 'overdue']);
		expect(await tick(t.db, 'Asia/Jakarta', new Date('2026-11-23T20:00:00Z'))).toEqual([]);
		const runs = await t.db.select().from(taskRuns);
		expect(runs.map((r) => [r.runKey, r.status])).toEqual(
			expect.arrayContaining([
				['billing:2026-11-24', 'done'],
				['overdue:2026-11-24', 'done']
			])
		);
		expect(runs).toHaveLength(2);
		const billing = runs.find((r) => r.task === 'billing')!;
		expect(billing.progress).toMatchObject({ today: '2026-11-24', invoicesCreated: 10 });
		expect(await t.db.select().from(invoices)).toHaveLength(10);
	});

	it('refuses a second run of a task that is running, and records failures', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const first = await startTask(t.db, { task: 'slow' }, async () => {
			await gate;
			return { done: 1 };
		});
		await expect(startTask(second.db, { task: 'slow' }, async () => ({}))).rejects.toBeInstanceOf(TaskBusyError);
		release();
		await first!.finished;
		const failing = await startTask(t.db, { task: 'slow' }, async () => {
			throw new Error('router down');
		});
		await failing!.finished;
		const [row] = await t.db.select().from(taskRuns).where(eq(taskRuns.id, failing!.runId));
		expect(row).toMatchObject({ status: 'failed', error: 'router down' });
	});

	it('takes over a scheduled run whose instance died', async () => {
		const longAgo = new Date('2026-11-25T18:00:00Z');
		await t.db.insert(taskRuns).values({ task: 'overdue', runKey: 'overdue:2026-11-26', status: 'running', startedAt: longAgo, heartbeatAt: longAgo });
		const started = await tick(t.db, 'Asia/Jakarta', new Date('2026-11-25T19:00:00Z'));
		expect(started.map((s) => s.task).sort()).toEqual(['billing', 'overdue']);
		const [row] = await t.db.select().from(taskRuns).where(eq(taskRuns.runKey, 'overdue:2026-11-26'));
		expect(row.status).toBe('done');
	});
});
