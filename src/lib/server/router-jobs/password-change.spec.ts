/**
 * A customer's new service password reaches the router, on both RouterOS generations the
 * simulator speaks (6: the pre-6.43 challenge login; 7: plain login and `!empty`), and a fresh
 * API connection — not only the worker's pooled one — reads the new password back.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { subscriptions } from '../db/schema';
import { connectRouter } from '../routeros/client';
import { changeServicePassword } from '../portal/changes';
import { servicePasswordInput } from '../portal/inputs';
import { decide, routerJobSpecHarness, seedPackage, seedRouter, seedSubscriptions, waitForJobs } from './test-support';

const h = routerJobSpecHarness({ beforeAll, afterAll, afterEach });
const KEY = h.secretsKey;

describe.each([6, 7] as const)('a portal password change on RouterOS %i', (ros) => {
	it('sets the secret\'s password, and a new connection reads it', async () => {
		const sim = await h.simulator({ ros });
		const routerId = await seedRouter(h.db, sim, { secretsKey: KEY });
		const packageId = await seedPackage(h.db);
		h.worker({ pool: h.pool({ connectTimeoutMs: 2000 }), backoff: { baseMs: 50, capMs: 200 } });
		const subs = await seedSubscriptions(h.db, { routerId, packageId, count: 3, secretsKey: KEY, confirmed: 'unknown' });
		const provisioned = await waitForJobs(h.db, await decide(h.db, routerId, subs.map((s) => s.id), 'active', 'provision'));
		expect(provisioned.map((j) => j.status)).toEqual(['done', 'done', 'done']);

		const sub = subs[1];
		const [row] = await h.db.select({ customerId: subscriptions.customerId }).from(subscriptions).where(eq(subscriptions.id, sub.id));
		const requestId = randomUUID();
		const newPassword = `Portal-${ros}-${requestId.slice(0, 6)}`;
		await changeServicePassword(h.db, row.customerId, servicePasswordInput.parse({ subscriptionId: sub.id, requestId, password: newPassword, confirm: newPassword }), KEY, null);
		const [job] = await waitForJobs(h.db, [(await h.db.query.routerJobs.findFirst({ where: (j, { eq: is }) => is(j.dedupeKey, `portal-password:${requestId}`) }))!.id]);
		expect(job.status).toBe('done');
		expect((job.result as { changes: string[] }).changes).toContain('password');

		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props.password).toBe(newPassword);
		const client = await connectRouter({ host: sim.host, port: sim.port, tls: false, username: 'admin', password: 'secret' }, { connectTimeoutMs: 2000, commandTimeoutMs: 2000 });
		try {
			const rows = await client.print('/ppp/secret', { where: { name: sub.username } });
			expect(rows.map((r) => [r.name, r.password])).toEqual([[sub.username, newPassword]]);
			// The neighbours keep theirs.
			const others = await client.print('/ppp/secret', { where: { name: subs[0].username } });
			expect(others.map((r) => r.password)).toEqual([subs[0].password]);
		} finally {
			await client.close();
		}
	});
});
