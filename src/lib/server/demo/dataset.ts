/**
 * Builds the demo customers and their whole billing past in memory, ready for multi-row
 * inserts. Document numbers (customer codes, invoice and receipt numbers) and sync versions are
 * left to the caller: they must be allocated inside the writing transaction.
 */
import { randomBytes } from 'node:crypto';
import { encryptSecret } from '../crypto/secret-box';
import { addDays, daysBetween, localDateOf, localTimeToInstant, parseLocalDate, type LocalDate } from '../../shared/dates';
import type {
	customers,
	invoiceItems,
	invoices,
	paymentAllocations,
	payments,
	subscriptions
} from '../db/schema';
import type { Random } from './prng';
import type { DemoAreaTemplate } from './indonesian-names';
import { CUSTOMER_NOTES, MIDTRANS_CHANNELS, TRANSFER_NOTES } from './indonesian-names';
import {
	addressIn,
	coordinatesIn,
	emailFor,
	servicePassword,
	uniqueMobileNumber,
	uniquePersonName,
	uniqueServiceUsername,
	type PersonName
} from './people';
import { billingDayFor } from '../billing/periods';
import {
	planSubscriptionHistory,
	recentPeriods,
	type PayerHabit,
	type PaymentChannel,
	type PlannedInvoice,
	type SubscriptionHistory
} from './billing-history';

export type CustomerRow = Omit<typeof customers.$inferInsert, 'code' | 'version'>;
export type SubscriptionRow = Omit<typeof subscriptions.$inferInsert, 'version'>;
export type InvoiceRow = Omit<typeof invoices.$inferInsert, 'number' | 'version'>;
export type InvoiceItemRow = typeof invoiceItems.$inferInsert;
export type PaymentRow = Omit<typeof payments.$inferInsert, 'receiptNumber' | 'version'>;
export type AllocationRow = typeof paymentAllocations.$inferInsert;

export interface DemoStaffIds {
	admin: string;
	office: string;
	technician: string;
}

export interface DemoAreaRef {
	id: string;
	template: DemoAreaTemplate;
	/** Cash here is collected door to door by the technician; elsewhere customers come to the office. */
	technicianWorksHere: boolean;
}

export interface DemoPackageRef {
	id: string;
	name: string;
	price: number;
	weight: number;
}

export interface DatasetInput {
	rng: Random;
	now: Date;
	timeZone: string;
	customerCount: number;
	secretsKey: string;
	staff: DemoStaffIds;
	areas: readonly DemoAreaRef[];
	packages: readonly DemoPackageRef[];
	routerId: string;
}

export interface DemoDataset {
	/** Oldest first: customer codes follow this order. */
	customers: CustomerRow[];
	subscriptions: SubscriptionRow[];
	invoices: InvoiceRow[];
	invoiceItems: InvoiceItemRow[];
	payments: PaymentRow[];
	paymentAllocations: AllocationRow[];
}

interface PlannedCustomer {
	row: CustomerRow & { createdAt: Date };
	person: PersonName;
	area: DemoAreaRef;
	startDate: LocalDate;
}

type SubscriptionFate = PayerHabit | 'terminated';

const OFFICE_HOURS = { from: 8 * 60, to: 16 * 60 } as const;
/** Customers join over the last fourteen months (every month of the revenue report has some); the newest a fortnight ago. */
const MAX_CUSTOMER_AGE_DAYS = 420;
const MIN_CUSTOMER_AGE_DAYS = 14;
/** Enough monthly periods to reach back to the oldest customer's start. */
const FULL_HISTORY_MONTHS = Math.ceil(MAX_CUSTOMER_AGE_DAYS / 28) + 1;
/** The ISP (its staff, areas, packages and router) was set up a month before the first customer. */
export const DEMO_ISP_AGE_DAYS = MAX_CUSTOMER_AGE_DAYS + 30;

function atOfficeHours(rng: Random, date: LocalDate, timeZone: string): Date {
	return localTimeToInstant(date, rng.int(OFFICE_HOURS.from, OFFICE_HOURS.to), timeZone);
}

function planCustomer(input: DatasetInput, today: LocalDate, names: Set<string>, phones: Set<string>): PlannedCustomer {
	const { rng, timeZone } = input;
	const area = rng.weighted(input.areas.map((a) => [a, a.template.weight] as const));
	const person = uniquePersonName(rng, names);
	const startDate = addDays(today, -rng.int(MIN_CUSTOMER_AGE_DAYS, MAX_CUSTOMER_AGE_DAYS));
	// Registered at the office a few days before the technician installs the line.
	const createdAt = atOfficeHours(rng, addDays(startDate, -rng.int(1, 5)), timeZone);
	const located = rng.chance(0.65) ? coordinatesIn(rng, area.template) : null;
	return {
		person,
		area,
		startDate,
		row: {
			id: rng.uuid(),
			name: person.name,
			phone: uniqueMobileNumber(rng, phones),
			email: rng.chance(0.2) ? emailFor(rng, person) : null,
			address: addressIn(rng, area.template),
			areaId: area.id,
			latitude: located?.latitude ?? null,
			longitude: located?.longitude ?? null,
			status: 'active',
			notes: rng.chance(0.12) ? rng.pick(CUSTOMER_NOTES) : null,
			createdBy: rng.chance(0.8) ? input.staff.office : input.staff.admin,
			createdAt,
			updatedAt: createdAt
		}
	};
}

function paymentChannels(staff: DemoStaffIds) {
	const allDay = { fromMinutes: 6 * 60, toMinutes: 23 * 60 + 30 };
	const officeHours = { fromMinutes: OFFICE_HOURS.from, toMinutes: OFFICE_HOURS.to };
	return {
		// The technician's phone records the cash on the doorstep and syncs it later.
		cashToTechnician: {
			method: 'cash',
			source: 'device',
			collectedBy: staff.technician,
			fromMinutes: 8 * 60,
			toMinutes: 17 * 60,
			notes: []
		},
		cashAtOffice: { method: 'cash', source: 'office', collectedBy: staff.office, ...officeHours, notes: [] },
		// The office enters a transfer once it shows on the bank statement.
		transfer: { method: 'transfer', source: 'office', collectedBy: staff.office, ...allDay, notes: TRANSFER_NOTES },
		midtrans: { method: 'midtrans', source: 'midtrans', collectedBy: null, ...allDay, notes: MIDTRANS_CHANNELS }
	} satisfies Record<string, PaymentChannel>;
}

/** Each customer has a habit (cash to the technician, transfer, Midtrans) and sometimes breaks it. */
function channelChooser(rng: Random, staff: DemoStaffIds, area: DemoAreaRef): () => PaymentChannel {
	const c = paymentChannels(staff);
	const options: ReadonlyArray<readonly [PaymentChannel, number]> = area.technicianWorksHere
		? [[c.cashToTechnician, 50], [c.transfer, 20], [c.midtrans, 25], [c.cashAtOffice, 5]]
		: [[c.cashAtOffice, 35], [c.transfer, 35], [c.midtrans, 30]];
	const habit = rng.weighted(options);
	return () => (rng.chance(0.8) ? habit : rng.weighted(options));
}

function pickFate(rng: Random): SubscriptionFate {
	const roll = rng.float();
	if (roll < 0.02) return 'terminated';
	if (roll < 0.075) return 'arrears';
	return 'punctual';
}

/** Customers at least this old can be months in arrears (and so isolated) on any day. */
const ARREARS_MIN_AGE_DAYS = 150;

/**
 * The fate of each customer's first line. Rolled, then topped up so that even a small dataset
 * (the 40 customers of the e2e server) has customers isolated for arrears and one who left,
 * whatever today's date makes of the rolls: tests and the demo's walk-through rely on them.
 */
function planFates(rng: Random, ages: number[]): SubscriptionFate[] {
	const fates = ages.map(() => pickFate(rng));
	const minimum: Array<[SubscriptionFate, number]> = [
		['arrears', Math.max(6, Math.round(ages.length * 0.05))],
		['terminated', 1]
	];
	for (const [fate, wanted] of minimum) {
		let missing = wanted - fates.filter((f) => f === fate).length;
		const candidates = ages.flatMap((age, i) => (age >= ARREARS_MIN_AGE_DAYS && fates[i] === 'punctual' ? [i] : []));
		while (missing > 0 && candidates.length > 0) {
			fates[candidates.splice(rng.int(0, candidates.length - 1), 1)[0]] = fate;
			missing--;
		}
	}
	return fates;
}

const MONTHS_ID = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

function formatIndonesianDate(d: LocalDate): string {
	const { year, month, day } = parseLocalDate(d);
	return `${day} ${MONTHS_ID[month - 1]} ${year}`;
}

/** "5 Mar 2026 – 4 Apr 2026", as printed on the invoice line. */
function formatPeriod(period: { periodStart: LocalDate; periodEnd: LocalDate }): string {
	return `${formatIndonesianDate(period.periodStart)} – ${formatIndonesianDate(period.periodEnd)}`;
}

interface SubscriptionPlan {
	customer: PlannedCustomer;
	startDate: LocalDate;
	createdAt: Date;
	pkg: DemoPackageRef;
}

class DatasetBuilder {
	readonly dataset: DemoDataset = {
		customers: [],
		subscriptions: [],
		invoices: [],
		invoiceItems: [],
		payments: [],
		paymentAllocations: []
	};
	private readonly usernames = new Set<string>();
	private readonly today: LocalDate;

	constructor(private readonly input: DatasetInput) {
		this.today = localDateOf(input.now, input.timeZone);
	}

	build(): DemoDataset {
		const names = new Set<string>();
		const phones = new Set<string>();
		const planned = Array.from({ length: this.input.customerCount }, () =>
			planCustomer(this.input, this.today, names, phones)
		).sort((a, b) => a.row.createdAt.getTime() - b.row.createdAt.getTime());
		const fates = planFates(this.input.rng, planned.map((c) => daysBetween(c.startDate, this.today)));
		planned.forEach((customer, i) => this.addCustomer(customer, fates[i]));
		return this.dataset;
	}

	private addCustomer(customer: PlannedCustomer, firstFate: SubscriptionFate): void {
		const { rng } = this.input;
		const chooseChannel = channelChooser(rng, this.input.staff, customer.area);
		const plans: SubscriptionPlan[] = [
			{ customer, startDate: customer.startDate, createdAt: customer.row.createdAt, pkg: this.pickPackage() }
		];
		const customerAge = daysBetween(customer.startDate, this.today);
		// A few customers add a second line later, for a shop or a rented room.
		if (customerAge > 120 && rng.chance(0.04)) {
			const startDate = addDays(customer.startDate, rng.int(60, customerAge - 30));
			const pkg = this.pickPackage(plans[0].pkg);
			plans.push({ customer, startDate, createdAt: atOfficeHours(rng, addDays(startDate, -1), this.input.timeZone), pkg });
		}
		const fates = plans.map((plan, i) => this.addSubscription(plan, chooseChannel, i === 0 ? firstFate : pickFate(rng)));
		if (fates.every((f) => f === 'terminated')) customer.row.status = 'inactive';
		this.dataset.customers.push(customer.row);
	}

	private pickPackage(avoid?: DemoPackageRef): DemoPackageRef {
		const choices = this.input.packages.filter((p) => p !== avoid);
		return this.input.rng.weighted(choices.map((p) => [p, p.weight] as const));
	}

	/** Adds the subscription and its invoices and payments; returns what became of it. */
	private addSubscription(plan: SubscriptionPlan, chooseChannel: () => PaymentChannel, planned: SubscriptionFate): SubscriptionFate {
		const { rng, timeZone, now, secretsKey } = this.input;
		const billingDay = billingDayFor(plan.startDate);
		// Every period since the line started: the ISP has revenue in every month it has customers.
		let periods = recentPeriods(billingDay, plan.startDate, this.today, FULL_HISTORY_MONTHS, plan.pkg.price);
		let fate = planned;
		let terminatedAt: Date | null = null;
		if (fate === 'terminated') {
			// Stopped two or three months ago at the end of a paid period.
			const monthsAgo = rng.int(2, 3);
			if (periods.length > monthsAgo) {
				periods = periods.slice(0, periods.length - monthsAgo);
				terminatedAt = atOfficeHours(rng, addDays(periods[periods.length - 1].periodEnd, 1), timeZone);
			} else {
				fate = 'punctual';
			}
		}
		const history = planSubscriptionHistory({
			rng,
			timeZone,
			now,
			today: this.today,
			startDate: plan.startDate,
			createdAt: plan.createdAt,
			periods,
			habit: fate === 'arrears' ? 'arrears' : 'punctual',
			chooseChannel
		});
		const username = uniqueServiceUsername(rng, plan.customer.person.callName, this.usernames);
		const subscriptionId = rng.uuid();
		const isolated = terminatedAt === null && history.isolatedOn !== null;
		this.dataset.subscriptions.push({
			id: subscriptionId,
			customerId: plan.customer.row.id,
			packageId: plan.pkg.id,
			routerId: this.input.routerId,
			serviceUsername: username,
			liveServiceUsername: terminatedAt ? null : username,
			servicePasswordEnc: encryptSecret(servicePassword(rng), secretsKey),
			billingDay,
			startDate: plan.startDate,
			paidThrough: history.paidThrough,
			status: terminatedAt ? 'terminated' : isolated ? 'isolated' : 'active',
			desiredRouterState: terminatedAt ? 'absent' : isolated ? 'isolated' : 'active',
			autoRenew: terminatedAt === null,
			isolationReason: isolated ? 'arrears' : null,
			isolatedAt: isolated ? this.isolationInstant(history) : null,
			terminatedAt,
			createdAt: plan.createdAt,
			updatedAt: terminatedAt ?? this.isolationInstant(history) ?? plan.createdAt
		});
		for (const invoice of history.invoices) this.addInvoice(plan, subscriptionId, invoice);
		return terminatedAt ? 'terminated' : fate;
	}

	/** When the overdue run isolated it (01:00 local on that day), never after now. */
	private isolationInstant(history: SubscriptionHistory): Date | null {
		if (!history.isolatedOn) return null;
		const at = localTimeToInstant(history.isolatedOn, 60, this.input.timeZone);
		return at > this.input.now ? this.input.now : at;
	}

	private addInvoice(plan: SubscriptionPlan, subscriptionId: string, invoice: PlannedInvoice): void {
		const { rng } = this.input;
		const invoiceId = rng.uuid();
		const lastPayment = invoice.payments.at(-1)?.receivedAt;
		this.dataset.invoices.push({
			id: invoiceId,
			subscriptionId,
			customerId: plan.customer.row.id,
			periodStart: invoice.periodStart,
			periodEnd: invoice.periodEnd,
			amount: invoice.amount,
			amountPaid: invoice.amountPaid,
			dueDate: invoice.dueDate,
			status: invoice.status,
			overdueSince: invoice.overdueSince,
			// A bearer secret for the public pay page: real randomness, not the demo's PRNG.
			payToken: randomBytes(32).toString('base64url'),
			issuedAt: invoice.issuedAt,
			createdAt: invoice.issuedAt,
			updatedAt: lastPayment ?? invoice.issuedAt
		});
		this.dataset.invoiceItems.push({
			invoiceId,
			kind: 'package',
			description: `Internet ${plan.pkg.name}, ${formatPeriod(invoice)}`,
			amount: invoice.amount
		});
		for (const payment of invoice.payments) {
			const paymentId = rng.uuid();
			this.dataset.payments.push({
				id: paymentId,
				customerId: plan.customer.row.id,
				invoiceId,
				amount: payment.amount,
				method: payment.channel.method,
				collectedBy: payment.channel.collectedBy,
				receivedAt: payment.receivedAt,
				source: payment.channel.source,
				externalId: `demo-${rng.uuid()}`,
				note: payment.note,
				createdAt: payment.receivedAt
			});
			this.dataset.paymentAllocations.push({ paymentId, invoiceId, amount: payment.amount });
		}
	}
}

export function buildDemoDataset(input: DatasetInput): DemoDataset {
	return new DatasetBuilder(input).build();
}
