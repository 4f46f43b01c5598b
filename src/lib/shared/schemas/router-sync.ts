/**
 * Inputs and shared shapes of reconcile, drift, import and the isolir page (MikroTik issue §5).
 * Custom messages are message keys, translated by the tRPC error formatter.
 */
import { z } from 'zod';
import { localDateInput } from './dates';
import { text } from './text';

/**
 * What reconcile can find wrong on a router. Every kind but `unknown_secret` has a fix: a router
 * job that converges the subscription to its desired state. Unknown secrets are offered for
 * import, never removed by Lunas.
 */
export const DRIFT_KINDS = [
	'missing_secret',
	'wrong_profile',
	'paid_but_isolated',
	'not_isolated',
	'isolated_but_online',
	'disabled_mismatch',
	'terminated_present',
	'unknown_secret'
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** The router-job actions Lunas itself registers for this area. */
export const SYNC_JOB_ACTIONS = ['reconcile', 'import-preview', 'import'] as const;
export type SyncJobAction = (typeof SYNC_JOB_ACTIONS)[number];

const localDate = localDateInput;
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.clock' });

export const routerRef = z.object({ routerId: z.uuid() });

export const syncJobRef = z.object({ routerId: z.uuid(), jobId: z.int().positive() });

/** `driftIds` absent: fix every fixable row of the router ("fix all"). */
export const driftFixInput = z.object({
	routerId: z.uuid(),
	driftIds: z.array(z.int().positive()).min(1).max(10_000).optional()
});

export const autoFixInput = z.object({ routerId: z.uuid(), autoFixDrift: z.boolean() });

/** The daily reconcile of every router, stored in settings under `reconcile.schedule`. */
export const reconcileScheduleSchema = z.object({
	enabled: z.boolean().default(true),
	/** Local time of day (ISP zone) the reconcile jobs are queued. */
	runAt: clock.default('02:30')
});
export type ReconcileSchedule = z.output<typeof reconcileScheduleSchema>;

/**
 * What the settings form saves. Both fields are required: with the stored shape's defaults, a
 * call that only switched the reconcile off would also move its time back to 02:30.
 */
export const reconcileScheduleInput = z.object({ enabled: z.boolean(), runAt: clock });

/** `<service>:<router profile>`, e.g. `pppoe:paket-10m`: what a package is chosen for. */
export const profileKey = (service: 'pppoe' | 'hotspot', profile: string) => `${service}:${profile}`;

export const importMappingEntry = z.object({
	service: z.enum(['pppoe', 'hotspot']),
	profile: text().min(1).max(64),
	/** Null: secrets on this profile are not imported. */
	packageId: z.uuid().nullable()
});

/**
 * What the office decided for one account, where it differs from "import it, billed": leave it on
 * the router only (`exclude`), or import it as a complimentary subscription — kept on the router
 * and reconciled, never invoiced (`complimentary`).
 */
export const IMPORT_ACCOUNT_MODES = ['exclude', 'complimentary'] as const;
export type ImportAccountMode = (typeof IMPORT_ACCOUNT_MODES)[number];
export const importAccountChoice = z.object({
	service: z.enum(['pppoe', 'hotspot']),
	name: z.string().min(1).max(64),
	mode: z.enum(IMPORT_ACCOUNT_MODES)
});

export const importStartInput = z.object({
	routerId: z.uuid(),
	previewJobId: z.int().positive(),
	areaId: z.uuid({ message: 'validation.required' }),
	startDate: localDate,
	billingDay: z.int().min(1).max(28),
	/** For customers moved from another system: the last day they already paid for. */
	paidThrough: localDate.nullish(),
	mapping: z.array(importMappingEntry).max(500),
	/** Accounts excluded or made complimentary, one by one; every other account is imported as usual. */
	accounts: z.array(importAccountChoice).max(10_000).default([])
});
export type ImportStartInput = z.output<typeof importStartInput>;

/** What an import job carries in its payload (the form, plus who asked). */
const importCounts = z.object({
	created: z.int(),
	existing: z.int(),
	unmapped: z.int(),
	notPppoe: z.int(),
	nameTooLong: z.int(),
	failed: z.int(),
	/** Left on the router by the office's choice. */
	excluded: z.int().default(0),
	/** Of `created`, how many are complimentary. */
	complimentary: z.int().default(0)
});

export const importJobPayload = importStartInput.omit({ routerId: true, previewJobId: true }).extend({
	previewJobId: z.int().optional(),
	/**
	 * A continuation: an import that ran out of its time budget hands the rest to a new job, which
	 * starts after this account and adds its counts to these. The name is the router's, written by
	 * Lunas itself, so it is taken as it is (not free text from a person).
	 */
	resumeAfter: z.object({ service: z.enum(['pppoe', 'hotspot']), name: z.string() }).optional(),
	carry: importCounts.optional(),
	/** How long one job may work before handing over (tests make it short). */
	timeBudgetMs: z.int().positive().optional()
});
export type ImportJobPayload = z.output<typeof importJobPayload>;

/** The public isolir page's lookup: a customer code (C000123) or a phone number. */
export const isolirLookupInput = z.object({
	query: z
		.string()
		.trim()
		.min(3, { message: 'isolir.queryInvalid' })
		.max(32, { message: 'isolir.queryInvalid' })
		.regex(/^[A-Za-z0-9+\s().-]+$/, { message: 'isolir.queryInvalid' })
});

/** Why an account will not be created (before the office picks packages). */
export type SkipReason = 'existing' | 'notPppoe' | 'nameTooLong';

/** One router account in the import preview, as the office sees it before confirming. */
export interface PreviewRow {
	service: 'pppoe' | 'hotspot';
	name: string;
	profile: string;
	comment: string | null;
	customerName: string;
	phone: string | null;
	isolated: boolean;
	skip: SkipReason | null;
}

export interface PreviewProfile {
	service: 'pppoe' | 'hotspot';
	profile: string;
	/** Accounts on this profile that would be created. */
	count: number;
	isolir: boolean;
	/** An active package of the same service on this router profile, if there is one. */
	suggestedPackageId: string | null;
}

/** The result of an 'import-preview' job. */
export interface ImportPreview {
	readAt: string;
	total: number;
	toCreate: number;
	existing: number;
	isolated: number;
	profiles: PreviewProfile[];
	rows: PreviewRow[];
}

/** The result of an 'import' job. */
export interface ImportResult {
	total: number;
	created: number;
	existing: number;
	unmapped: number;
	notPppoe: number;
	nameTooLong: number;
	failed: number;
	excluded: number;
	complimentary: number;
	skipped: number;
	errors: Array<{ name: string; error: string }>;
	/** The job that carries on where this one stopped (a large router takes several). */
	continuedBy?: number;
}
