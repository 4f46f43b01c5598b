/**
 * Importing a router's existing PPPoE secrets and hotspot users (jobs 'import-preview' then
 * 'import'). The preview reads and proposes; the import reads again and creates one customer +
 * subscription per account, each in its own transaction, so a crash leaves whole customers only.
 * UNIQUE (router_id, live_service_username) makes a re-import create nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/index';
import { areas, customers, packages, subscriptions } from '../db/schema';
import { nextVersion } from '../db/version';
import { allocateNumbers, formatCustomerCode } from '../db/counters';
import { isDuplicateKey } from '../db/errors';
import { encryptSecret } from '../crypto/secret-box';
import { audit } from '../audit';
import { PermanentJobError, type RouterJobContext, type RouterJobHandler } from '../router-jobs/job-context';
import { readAccounts, type RouterAccount } from './inventory';
import { customerOf, isIsolated, previewRow, skipReason } from './import-mapping';
import { importJobPayload, profileKey, type ImportJobPayload, type ImportPreview, type ImportResult, type PreviewProfile, type SkipReason } from '../../shared/schemas/router-sync';

export type { ImportPreview };
import { log } from '../log';
import { enqueueJob } from './jobs';

/** How often (in accounts) the import writes its progress. */
const PROGRESS_EVERY = 25;
/**
 * One import job stops creating after this long and hands the rest to a new job, well inside the
 * worker's job timeout (120 s by default): a router with thousands of accounts is imported by a
 * short chain of jobs, each safe to retry.
 */
export const IMPORT_TIME_BUDGET_MS = 60_000;
const MAX_ERRORS_KEPT = 20;

async function liveUsernames(db: Db, routerId: string): Promise<Set<string>> {
	const rows = await db
		.select({ username: subscriptions.liveServiceUsername })
		.from(subscriptions)
		.where(and(eq(subscriptions.routerId, routerId), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt)));
	return new Set(rows.map((r) => r.username).filter((u): u is string => u !== null));
}

const byServiceAndName = (a: RouterAccount, b: RouterAccount) =>
	a.service === b.service ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.service === 'pppoe' ? -1 : 1;

export const importPreviewHandler: RouterJobHandler = async (ctx) => {
	const accounts = (await readAccounts(ctx.client)).sort(byServiceAndName);
	const live = await liveUsernames(ctx.db, ctx.router.id);
	const rows = accounts.map((a) => previewRow(a, ctx.router, live));
	const candidates = await ctx.db
		.select({ id: packages.id, service: packages.serviceType, profile: packages.routerProfile })
		.from(packages)
		.where(and(eq(packages.active, true), isNull(packages.deletedAt)))
		.orderBy(asc(packages.price), asc(packages.name));

	const profiles = new Map<string, PreviewProfile>();
	for (const row of rows) {
		if (row.skip) continue;
		const key = profileKey(row.service, row.profile);
		const entry = profiles.get(key) ?? {
			service: row.service,
			profile: row.profile,
			count: 0,
			isolir: row.profile === ctx.router.isolirProfile,
			suggestedPackageId: candidates.find((p) => p.service === row.service && p.profile === row.profile)?.id ?? null
		};
		entry.count += 1;
		profiles.set(key, entry);
	}
	const preview: ImportPreview = {
		readAt: new Date().toISOString(),
		total: rows.length,
		toCreate: rows.filter((r) => !r.skip).length,
		existing: rows.filter((r) => r.skip === 'existing').length,
		isolated: rows.filter((r) => !r.skip && r.isolated).length,
		profiles: [...profiles.values()].sort((a, b) => b.count - a.count),
		rows
	};
	return { ...preview };
};

/** The packages the office chose, checked again now: a package removed since is not used. */
async function chosenPackages(db: Db, payload: ImportJobPayload): Promise<Map<string, string>> {
	const ids = [...new Set(payload.mapping.map((m) => m.packageId).filter((id): id is string => id !== null))];
	const usable = ids.length
		? await db
				.select({ id: packages.id, service: packages.serviceType })
				.from(packages)
				.where(and(inArray(packages.id, ids), eq(packages.active, true), isNull(packages.deletedAt)))
		: [];
	const serviceOf = new Map(usable.map((p) => [p.id, p.service]));
	const chosen = new Map<string, string>();
	for (const m of payload.mapping) {
		if (m.packageId && serviceOf.get(m.packageId) === m.service) chosen.set(profileKey(m.service, m.profile), m.packageId);
	}
	return chosen;
}

type Outcome = 'created' | 'unmapped' | 'excluded' | SkipReason;

const accountChoiceKey = (service: string, name: string) => `${service}\u0000${name}`;

/** One account → one customer + one subscription, all or nothing. */
async function importAccount(
	ctx: RouterJobContext,
	account: RouterAccount,
	packageId: string,
	payload: ImportJobPayload,
	now: Date,
	complimentary: boolean
): Promise<Outcome> {
	const { db, router } = ctx;
	const actor = ctx.job.requestedBy;
	const person = customerOf(account);
	const isolated = isIsolated(account, router);
	const customerId = randomUUID();
	const subscriptionId = randomUUID();
	try {
		await db.transaction(async (tx) => {
			const version = await nextVersion(tx);
			const code = formatCustomerCode(await allocateNumbers(tx, 'CUSTOMER'));
			await tx.insert(customers).values({
				id: customerId,
				code,
				name: person.name,
				phone: person.phone,
				address: '',
				areaId: payload.areaId,
				notes: `Diimpor dari router ${router.name} (${account.service} ${account.name})`,
				createdBy: actor,
				version
			});
			await tx.insert(subscriptions).values({
				id: subscriptionId,
				customerId,
				packageId,
				routerId: router.id,
				serviceUsername: account.name,
				liveServiceUsername: account.name,
				servicePasswordEnc: account.password ? encryptSecret(account.password, ctx.secretsKey) : null,
				billingDay: payload.billingDay,
				startDate: payload.startDate,
				paidThrough: payload.paidThrough ?? null,
				complimentary,
				status: isolated ? 'isolated' : 'active',
				desiredRouterState: isolated ? 'isolated' : 'active',
				// Read from the router just now: this is what it shows.
				confirmedRouterState: isolated ? 'isolated' : 'active',
				// Only a person lifts an isolation Lunas did not decide.
				isolationReason: isolated ? 'manual' : null,
				isolatedAt: isolated ? now : null,
				version
			});
			await audit(tx, {
				userId: actor,
				action: 'subscription.import',
				entity: 'subscription',
				entityId: subscriptionId,
				after: { customerId, code, name: person.name, routerId: router.id, service: account.service, username: account.name, profile: account.profile, packageId, isolated, complimentary, jobId: ctx.job.id }
			});
		});
		return 'created';
	} catch (err) {
		// Someone (an earlier run of this import, or the office) already has this name on this router.
		if (isDuplicateKey(err, 'subscriptions_router_username_uq')) return 'existing';
		throw err;
	}
}

export const importHandler: RouterJobHandler = async (ctx) => {
	const parsed = importJobPayload.safeParse(ctx.job.payload ?? {});
	if (!parsed.success) throw new PermanentJobError(`import payload is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
	const payload = parsed.data;
	const [area] = await ctx.db.select({ id: areas.id }).from(areas).where(and(eq(areas.id, payload.areaId), isNull(areas.deletedAt)));
	if (!area) throw new PermanentJobError('the chosen area no longer exists');

	const accounts = (await readAccounts(ctx.client)).sort(byServiceAndName);
	const chosen = await chosenPackages(ctx.db, payload);
	const live = await liveUsernames(ctx.db, ctx.router.id);
	const counts = { created: 0, existing: 0, unmapped: 0, notPppoe: 0, nameTooLong: 0, failed: 0, excluded: 0, complimentary: 0, ...payload.carry };
	const choices = new Map(payload.accounts.map((c) => [accountChoiceKey(c.service, c.name), c.mode]));
	const errors: Array<{ name: string; error: string }> = [];
	const now = new Date();
	const deadline = Date.now() + (payload.timeBudgetMs ?? IMPORT_TIME_BUDGET_MS);
	const resume = payload.resumeAfter;
	const first = resume ? accounts.findIndex((a) => byServiceAndName(a, { ...a, ...resume }) > 0) : 0;
	await ctx.progress(first < 0 ? accounts.length : first, accounts.length);

	for (const [i, account] of accounts.entries()) {
		if (i < first || first < 0) continue;
		if (Date.now() > deadline && i > first) {
			const last = accounts[i - 1];
			const continuedBy = await ctx.db.transaction((tx) =>
				enqueueJob(
					tx,
					{
						routerId: ctx.router.id,
						subscriptionId: null,
						action: 'import',
						desiredState: null,
						dedupeKey: `import-next:${ctx.job.id}`,
						payload: { ...payload, resumeAfter: { service: last.service, name: last.name }, carry: counts }
					},
					ctx.job.requestedBy
				)
			);
			await ctx.progress(i, accounts.length);
			return { ...importResult(accounts.length, counts, errors), continuedBy };
		}
		let outcome: Outcome | 'failed';
		const packageId = chosen.get(profileKey(account.service, account.profile));
		const skip = skipReason(account, live);
		const mode = choices.get(accountChoiceKey(account.service, account.name));
		if (skip) outcome = skip;
		else if (mode === 'exclude') outcome = 'excluded';
		else if (!packageId) outcome = 'unmapped';
		else {
			try {
				outcome = await importAccount(ctx, account, packageId, payload, now, mode === 'complimentary');
				if (outcome === 'created') live.add(account.name);
				if (outcome === 'created' && mode === 'complimentary') counts.complimentary += 1;
			} catch (err) {
				outcome = 'failed';
				const message = err instanceof Error ? err.message : String(err);
				log.warn({ err, routerId: ctx.router.id, account: account.name }, 'import of one account failed');
				if (errors.length < MAX_ERRORS_KEPT) errors.push({ name: account.name, error: message.slice(0, 200) });
			}
		}
		counts[outcome] += 1;
		if ((i + 1) % PROGRESS_EVERY === 0) await ctx.progress(i + 1, accounts.length);
	}
	await ctx.progress(accounts.length, accounts.length);
	return { ...importResult(accounts.length, counts, errors) };
};

function importResult(total: number, counts: Omit<ImportResult, 'total' | 'skipped' | 'errors'>, errors: ImportResult['errors']): ImportResult {
	return { total, ...counts, skipped: counts.existing + counts.unmapped + counts.notPppoe + counts.nameTooLong + counts.excluded, errors };
}
