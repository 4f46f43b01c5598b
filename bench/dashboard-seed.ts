/**
 * The dashboard benchmark's ISP: N subscriptions over 8 areas and 10 routers, twelve months of
 * monthly invoices each, the payments for most of them (cash, transfer, Midtrans; a few voided),
 * recent arrears of every age, some isolated and terminated subscriptions, and a monitor reading
 * per router whose 'online' snapshot lists every session (as the monitor writes it).
 * Written with raw multi-row INSERTs: the seed is not what is measured.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { addDays, addMonthsClamped, localTimeToInstant } from '../src/lib/shared/dates';

export const TIME_ZONE = 'Asia/Jakarta';
/** The benchmark's "now": 10:00 WIB on 24 Nov 2026. */
export const NOW = new Date('2026-11-24T03:00:00Z');
const TODAY = '2026-11-24';

type Row = Record<string, unknown>;

/** Multi-row INSERTs without per-row unique and foreign-key checks (the seed is consistent by construction). */
async function insert(pool: mysql.Pool, table: string, rows: Row[]) {
	if (rows.length === 0) return;
	const columns = Object.keys(rows[0]);
	const conn = await pool.getConnection();
	try {
		await conn.query('SET unique_checks = 0, foreign_key_checks = 0');
		await conn.beginTransaction();
		for (let i = 0; i < rows.length; i += 2000) {
			const part = rows.slice(i, i + 2000);
			await conn.query(`INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`, [part.map((r) => columns.map((c) => r[c]))]);
		}
		await conn.commit();
	} finally {
		await conn.query('SET unique_checks = 1, foreign_key_checks = 1');
		conn.release();
	}
}

/** A deterministic pseudo-random stream, so every run measures the same data. */
function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export async function seedDashboard(pool: mysql.Pool, n: number) {
	const rnd = prng(20261124);
	const staff = Array.from({ length: 6 }, (_, i) => ({
		id: randomUUID(),
		username: `staff${i}`,
		name: `Petugas ${i}`,
		password_hash: 'x',
		role: i === 0 ? 'admin' : i === 1 ? 'office' : 'technician'
	}));
	await insert(pool, 'users', staff);
	const areaIds = Array.from({ length: 8 }, () => randomUUID());
	await insert(pool, 'areas', areaIds.map((id, i) => ({ id, name: `Area ${i}` })));
	const packages = [100000, 150000, 200000, 275000, 350000].map((price, i) => ({ id: randomUUID(), name: `Paket ${i}`, price, router_profile: `p${i}`, rate_limit: '10M/10M' }));
	await insert(pool, 'packages', packages);
	const routerIds = Array.from({ length: 10 }, () => randomUUID());
	await insert(
		pool,
		'routers',
		routerIds.map((id, i) => ({ id, name: `Router ${i}`, host: `10.0.0.${i + 1}`, username: 'admin', password_enc: 'v1:x:y:z', status: i === 9 ? 'down' : 'up', last_checked_at: NOW, last_seen_at: NOW }))
	);

	const months = Array.from({ length: 12 }, (_, k) => addMonthsClamped('2025-12-01', k));
	const customers: Row[] = [];
	const subscriptions: Row[] = [];
	const invoices: Row[] = [];
	const payments: Row[] = [];
	const sessionsByRouter = new Map<string, Array<Record<string, unknown>>>(routerIds.map((id) => [id, []]));
	let invoiceNo = 0;
	let receiptNo = 0;
	const collectors = staff.slice(1).map((s) => s.id);

	const flush = async () => {
		await insert(pool, 'customers', customers.splice(0));
		await insert(pool, 'subscriptions', subscriptions.splice(0));
		await insert(pool, 'invoices', invoices.splice(0));
		await insert(pool, 'payments', payments.splice(0));
	};

	for (let i = 0; i < n; i++) {
		const customerId = randomUUID();
		const subscriptionId = randomUUID();
		const pkg = packages[i % packages.length];
		const routerId = routerIds[i % routerIds.length];
		customers.push({ id: customerId, code: `C${String(i).padStart(7, '0')}`, name: `Pelanggan ${i}`, address: 'Jl. Bench', area_id: areaIds[i % areaIds.length] });
		const startDate = addDays('2023-11-01', Math.floor(rnd() * 1100));
		const roll = rnd();
		const status = roll < 0.02 ? 'terminated' : roll < 0.05 ? 'isolated' : 'active';
		subscriptions.push({
			id: subscriptionId,
			customer_id: customerId,
			package_id: pkg.id,
			router_id: routerId,
			service_username: `u${i}`,
			live_service_username: status === 'terminated' ? null : `u${i}`,
			billing_day: 1,
			start_date: startDate,
			status,
			terminated_at: status === 'terminated' ? localTimeToInstant(addDays(TODAY, -Math.floor(rnd() * 360)), 600, TIME_ZONE) : null
		});
		if (status === 'active' && rnd() < 0.6) {
			sessionsByRouter.get(routerId)!.push({ service: 'pppoe', name: `u${i}`, address: `10.1.${(i >> 8) & 255}.${i & 255}`, uptime: '1d2h', uptimeSeconds: 93600, callerId: '00:11:22:33:44:55' });
		}
		// How many of the latest months stay unpaid: mostly none, some 1–4 (aging of every age).
		const arrearsRoll = rnd();
		const unpaidTail = status === 'isolated' ? 2 + Math.floor(rnd() * 3) : arrearsRoll < 0.1 ? 1 : arrearsRoll < 0.13 ? 2 + Math.floor(rnd() * 3) : 0;
		for (const [k, periodStart] of months.entries()) {
			if (periodStart < startDate.slice(0, 8) + '01') continue;
			invoiceNo += 1;
			const invoiceId = randomUUID();
			const unpaid = k >= months.length - unpaidTail;
			const dueDate = addDays(periodStart, 10);
			const partial = unpaid && rnd() < 0.1;
			const paidAmount = unpaid ? (partial ? Math.floor(pkg.price / 2) : 0) : pkg.price;
			invoices.push({
				id: invoiceId,
				number: `INV-${periodStart.slice(0, 4)}${periodStart.slice(5, 7)}-${String(invoiceNo).padStart(7, '0')}`,
				subscription_id: subscriptionId,
				customer_id: customerId,
				period_start: periodStart,
				period_end: addDays(addMonthsClamped(periodStart, 1), -1),
				amount: pkg.price,
				amount_paid: paidAmount,
				due_date: dueDate,
				status: paidAmount === 0 ? 'unpaid' : paidAmount < pkg.price ? 'partial' : 'paid',
				pay_token: randomBytes(16).toString('hex'),
				issued_at: localTimeToInstant(addDays(periodStart, -7), 60, TIME_ZONE)
			});
			if (paidAmount > 0) {
				const methodRoll = rnd();
				const method = methodRoll < 0.55 ? 'cash' : methodRoll < 0.8 ? 'transfer' : 'midtrans';
				const paidDay = addDays(periodStart, Math.floor(rnd() * 20));
				if (paidDay > TODAY) continue;
				const receivedAt = localTimeToInstant(paidDay, 480 + Math.floor(rnd() * 720), TIME_ZONE);
				const paymentId = randomUUID();
				receiptNo += 1;
				payments.push({
					id: paymentId,
					receipt_number: `RCP-${String(receiptNo).padStart(9, '0')}`,
					customer_id: customerId,
					invoice_id: invoiceId,
					amount: paidAmount,
					method,
					collected_by: method === 'midtrans' ? null : collectors[Math.floor(rnd() * collectors.length)],
					received_at: receivedAt,
					source: method === 'midtrans' ? 'midtrans' : 'office',
					external_id: paymentId,
					voids_payment_id: null
				});
				if (rnd() < 0.01) {
					const voidId = randomUUID();
					payments.push({
						id: voidId,
						receipt_number: null,
						customer_id: customerId,
						invoice_id: invoiceId,
						amount: -paidAmount,
						method,
						collected_by: staff[0].id,
						received_at: new Date(receivedAt.getTime() + 3_600_000),
						source: 'system',
						external_id: `void:${paymentId}`,
						voids_payment_id: paymentId
					});
				}
			}
		}
		if (customers.length >= 1000) await flush();
	}
	await flush();

	const snapshots: Row[] = [];
	for (const [k, routerId] of routerIds.entries()) {
		snapshots.push({
			router_id: routerId,
			kind: 'resource',
			data: JSON.stringify({ identity: `r${k}`, version: '7.16', rosMajor: 7, board: 'CCR2004', architecture: 'arm64', uptime: '12d3h', uptimeSeconds: 1047600, cpuLoad: 10 + k, freeMemory: 1e9, totalMemory: 4e9 }),
			taken_at: NOW
		});
		snapshots.push({ router_id: routerId, kind: 'online', data: JSON.stringify({ sessions: sessionsByRouter.get(routerId) }), taken_at: NOW });
	}
	await insert(pool, 'router_snapshots', snapshots);
}

export async function seededCounts(pool: mysql.Pool) {
	const [[counts]] = (await pool.query(
		'SELECT (SELECT COUNT(*) FROM subscriptions) s, (SELECT COUNT(*) FROM invoices) i, (SELECT COUNT(*) FROM payments) p'
	)) as unknown as [[{ s: number; i: number; p: number }]];
	return { subscriptions: Number(counts.s), invoices: Number(counts.i), payments: Number(counts.p) };
}
