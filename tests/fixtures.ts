/** Minimal rows for integration tests: an ISP with one area, package and router. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../src/lib/server/db/index';
import { areas, customers, packages, routers, subscriptions, users } from '../src/lib/server/db/schema';
import { billingDayFor } from '../src/lib/server/billing/periods';
import type { Role } from '../src/lib/shared/domain';
import type { SessionUser } from '../src/lib/server/auth/session';

export interface Isp {
	areaId: string;
	packageId: string;
	price: number;
	routerId: string;
}

export async function makeIsp(db: Db, price = 150000): Promise<Isp> {
	const areaId = randomUUID();
	const packageId = randomUUID();
	const routerId = randomUUID();
	await db.insert(areas).values({ id: areaId, name: `Area ${areaId.slice(0, 6)}` });
	await db.insert(packages).values({ id: packageId, name: `Paket ${packageId.slice(0, 6)}`, price, routerProfile: 'paket-10m', rateLimit: '10M/10M' });
	await db.insert(routers).values({ id: routerId, name: `Router ${routerId.slice(0, 6)}`, host: '127.0.0.1', username: 'admin', passwordEnc: 'v1:x:y:z' });
	return { areaId, packageId, price, routerId };
}

export async function makePackage(db: Db, price: number): Promise<string> {
	const id = randomUUID();
	await db.insert(packages).values({ id, name: `Paket ${id.slice(0, 6)}`, price, routerProfile: 'paket', rateLimit: '20M/20M' });
	return id;
}

let codeCounter = 0;
export async function makeCustomer(db: Db, isp: Isp, credit = 0): Promise<string> {
	const id = randomUUID();
	codeCounter += 1;
	await db.insert(customers).values({
		id,
		code: `T${String(codeCounter).padStart(6, '0')}${id.slice(0, 4)}`,
		name: `Pelanggan ${codeCounter}`,
		address: 'Jl. Melati No. 1',
		areaId: isp.areaId,
		creditBalance: credit
	});
	return id;
}

export async function makeSubscription(
	db: Db,
	isp: Isp,
	customerId: string,
	opts: { startDate: string; billingDay?: number; paidThrough?: string | null; packageId?: string; status?: 'active' | 'isolated'; id?: string }
): Promise<string> {
	const id = opts.id ?? randomUUID();
	const username = `u${id.slice(0, 8)}`;
	await db.insert(subscriptions).values({
		id,
		customerId,
		packageId: opts.packageId ?? isp.packageId,
		routerId: isp.routerId,
		serviceUsername: username,
		liveServiceUsername: username,
		billingDay: opts.billingDay ?? billingDayFor(opts.startDate),
		startDate: opts.startDate,
		paidThrough: opts.paidThrough ?? null,
		status: opts.status ?? 'active',
		desiredRouterState: opts.status === 'isolated' ? 'isolated' : 'active',
		isolationReason: opts.status === 'isolated' ? 'arrears' : null
	});
	return id;
}

export async function makeStaff(db: Db, role: Role): Promise<SessionUser> {
	const id = randomUUID();
	const username = `${role}-${id.slice(0, 6)}`;
	await db.insert(users).values({ id, username, name: username, role, passwordHash: 'not-a-real-hash' });
	return { id, username, name: username, role, language: 'id' };
}
