import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import mysql from 'mysql2/promise';
import { DEMO_USERS } from '../../src/lib/server/demo/seed';
import { decryptSecret } from '../../src/lib/server/crypto/secret-box';
import { connectRouter } from '../../src/lib/server/routeros/client';
import type { Role } from '../../src/lib/shared/domain';
import type { PullOutput } from '../../src/lib/shared/sync/rows';
import type { PushOutput, SyncOperation } from '../../src/lib/shared/sync/operations';

/** The database and SECRETS_KEY scripts/e2e-server.ts runs the app with. */
export const e2eDatabaseUrl = process.env.LUNAS_E2E_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/lunas_e2e';
export const E2E_SECRETS_KEY = 'e2e0'.repeat(16);

export function demoUser(role: Role) {
	return DEMO_USERS.find((u) => u.role === role)!;
}

/** Signs in through the form and waits until the user can see their home page. */
export async function signInAs(page: Page, role: Role): Promise<void> {
	const user = demoUser(role);
	await page.goto('/login');
	await page.getByLabel('Nama pengguna').fill(user.username);
	await page.getByLabel('Kata sandi').fill(user.password);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page.getByText(`Masuk sebagai ${user.name}`)).toBeVisible();
}

/**
 * Waits until the app has hydrated the page (root layout's onMount marks <html data-hydrated>).
 * Plain links and GET forms work before that; buttons that call the server from script do not.
 */
export async function waitForHydration(page: Page): Promise<void> {
	await page.waitForFunction(() => 'hydrated' in document.documentElement.dataset);
}

export async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
	const conn = await mysql.createConnection({ uri: e2eDatabaseUrl });
	try {
		const [rows] = await conn.query(sql, params);
		return rows as T[];
	} finally {
		await conn.end();
	}
}

/** The phone's first pull, as the offline app calls it over /api/trpc (signed in through `api`). */
export async function pull(api: APIRequestContext, deviceId: string): Promise<PullOutput> {
	const input = encodeURIComponent(JSON.stringify({ json: { deviceId, cursor: 0, limit: 2000 } }));
	const res = await api.get(`/api/trpc/sync.pull?input=${input}`);
	expect(res.status()).toBe(200);
	return (await res.json()).result.data.json;
}

/** A phone's queue pushed as the offline app pushes it: seq from 1, a fresh opId per operation. */
export async function push(api: APIRequestContext, deviceId: string, ops: SyncOperation[]): Promise<PushOutput> {
	const operations = ops.map((op, i) => ({ seq: i + 1, opId: randomUUID(), op }));
	const res = await api.post('/api/trpc/sync.push', { data: { json: { deviceId, operations } } });
	expect(res.status()).toBe(200);
	return (await res.json()).result.data.json;
}

/** How a subscription's account looks on its (simulated) router, read over the RouterOS API. */
export interface RouterAccount {
	/** Whether the account is isolated by the router's method; null when it is not on the router. */
	isolated: boolean | null;
	profile: string | null;
	disabled: string | null;
}

interface AccountTarget {
	menu: string;
	username: string;
	method: 'disable' | 'profile' | 'address-list';
	isolirProfile: string;
	packageProfile: string;
	endpoint: { host: string; port: number; tls: boolean; username: string; password: string };
}

async function accountTarget(subscriptionId: string): Promise<AccountTarget> {
	const [row] = await query<{
		service_username: string;
		service_type: string;
		router_profile: string;
		host: string;
		api_port: number;
		use_tls: number;
		username: string;
		password_enc: string;
		isolation_method: AccountTarget['method'];
		isolir_profile: string;
	}>(
		`SELECT s.service_username, p.service_type, p.router_profile, r.host, r.api_port, r.use_tls, r.username, r.password_enc, r.isolation_method, r.isolir_profile
		 FROM subscriptions s JOIN packages p ON p.id = s.package_id JOIN routers r ON r.id = s.router_id WHERE s.id = ?`,
		[subscriptionId]
	);
	expect(row, `subscription ${subscriptionId} is on a router`).toBeTruthy();
	expect(row.isolation_method, 'the e2e reads isolation by profile or by disabling').not.toBe('address-list');
	return {
		menu: row.service_type === 'hotspot' ? '/ip/hotspot/user' : '/ppp/secret',
		username: row.service_username,
		method: row.isolation_method,
		isolirProfile: row.isolir_profile,
		packageProfile: row.router_profile,
		endpoint: { host: row.host, port: row.api_port, tls: Boolean(row.use_tls), username: row.username, password: decryptSecret(row.password_enc, E2E_SECRETS_KEY) }
	};
}

async function withAccount<T>(subscriptionId: string, work: (target: AccountTarget, row: Record<string, string> | undefined, client: Awaited<ReturnType<typeof connectRouter>>) => Promise<T>): Promise<T> {
	const target = await accountTarget(subscriptionId);
	const client = await connectRouter(target.endpoint, { connectTimeoutMs: 5000, commandTimeoutMs: 5000 });
	try {
		const [row] = await client.print(target.menu, { where: { name: target.username } });
		return await work(target, row, client);
	} finally {
		await client.close();
	}
}

/** Reads the subscription's secret (or hotspot user) from its router, the way the router has it. */
export function readRouterAccount(subscriptionId: string): Promise<RouterAccount> {
	return withAccount(subscriptionId, async (target, row) => {
		if (!row) return { isolated: null, profile: null, disabled: null };
		const isolated = target.method === 'profile' ? row.profile === target.isolirProfile : row.disabled === 'true' || row.disabled === 'yes';
		return { isolated, profile: row.profile ?? null, disabled: row.disabled ?? null };
	});
}

/** The password the subscription's account has on its router (the simulator prints it, as a "sensitive" user sees it). */
export function readRouterPassword(subscriptionId: string): Promise<string | null> {
	return withAccount(subscriptionId, async (_target, row) => row?.password ?? null);
}

/** Isolates the account on the router by the router's method, as an earlier isolation run would have. */
export function isolateOnRouter(subscriptionId: string): Promise<void> {
	return withAccount(subscriptionId, async (target, row, client) => {
		expect(row, `${target.username} is on its router`).toBeTruthy();
		await client.set(target.menu, row!['.id'], target.method === 'profile' ? { profile: target.isolirProfile } : { disabled: 'yes' });
	});
}
