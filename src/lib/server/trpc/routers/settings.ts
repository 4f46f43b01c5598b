/** The settings page (admin only): ISP profile and logo, Midtrans keys, templates, time zone, offline days, the cash bound. */
import { adminProcedure, createRouter, fieldError, FieldValidationError, type Context } from '../trpc';
import { writeAudited } from '../../settings/audited';
import { parseLogo, saveLogo } from '../../settings/logo';
import { readMidtransKeys, saveMidtransKeys, viewOf } from '../../settings/midtrans-keys';
import { testMidtransKey } from '../../settings/midtrans-test';
import { readIspProfile, saveIspProfile } from '../../settings/profile';
import { readMessageTemplates, readPreviewCustomer } from '../../settings/templates';
import { environmentTimeZone, knownTimeZones, readStoredTimeZone, timeZoneAfterSave } from '../../settings/time-zone';
import { readSetting } from '../../settings';
import { gatewayKeySource, gatewayOptionsFor, reloadGatewayKeys } from '../../midtrans/runtime';
import { ispProfileInput } from '../../../shared/schemas/isp-profile';
import { logoInput, midtransKeysInput, midtransTestInput, OFFLINE_DAYS_KEY, offlineDaysInput, offlineDaysSchema, TIME_ZONE_KEY, timeZoneInput, timeZoneSettingSchema } from '../../../shared/schemas/settings';
import { MESSAGE_TEMPLATES_KEY, messageTemplatesInput, messageTemplatesSchema, placeholderList, TEMPLATE_KINDS, unknownPlaceholders } from '../../../shared/templates';
import type { SessionUser } from '../../auth/session';
import { CASH_BOUND_KEY, cashBoundInput, cashBoundSchema } from '../../../shared/cash-bound';

const actor = (ctx: Context & { user: SessionUser }) => ({ userId: ctx.user.id, ipAddress: ctx.ipAddress });

export const settingsRouter = createRouter({
	get: adminProcedure.query(async ({ ctx }) => {
		const [profile, midtrans, templates, storedTimeZone, offline, cashBound, previewCustomer] = await Promise.all([
			readIspProfile(ctx.db),
			readMidtransKeys(ctx.db, ctx.config.SECRETS_KEY),
			readMessageTemplates(ctx.db),
			readStoredTimeZone(ctx.db),
			readSetting(ctx.db, OFFLINE_DAYS_KEY, offlineDaysSchema),
			readSetting(ctx.db, CASH_BOUND_KEY, cashBoundSchema),
			readPreviewCustomer(ctx.db)
		]);
		return {
			profile,
			midtrans: {
				...viewOf(midtrans),
				source: gatewayKeySource(ctx.config, midtrans),
				environmentKeySet: ctx.config.MIDTRANS_SERVER_KEY !== ''
			},
			templates,
			previewCustomer,
			timeZone: { active: ctx.config.ISP_TIMEZONE, stored: storedTimeZone, environment: environmentTimeZone(ctx.config.ISP_TIMEZONE), zones: knownTimeZones() },
			offlineDays: offline.days,
			cashBound,
			publicBaseUrl: ctx.config.PUBLIC_BASE_URL
		};
	}),

	saveProfile: adminProcedure.input(ispProfileInput).mutation(({ ctx, input }) => ctx.db.transaction((tx) => saveIspProfile(tx, input, actor(ctx)))),

	saveLogo: adminProcedure.input(logoInput).mutation(async ({ ctx, input }) => {
		const parsed = parseLogo(input.dataUrl);
		if (!parsed.ok) throw fieldError(ctx, 'dataUrl', parsed.error);
		const version = await ctx.db.transaction((tx) => saveLogo(tx, parsed.logo, actor(ctx)));
		return { logoVersion: version };
	}),

	removeLogo: adminProcedure.mutation(async ({ ctx }) => {
		await ctx.db.transaction((tx) => saveLogo(tx, null, actor(ctx)));
		return { logoVersion: null };
	}),

	saveMidtrans: adminProcedure.input(midtransKeysInput).mutation(async ({ ctx, input }) => {
		const view = await ctx.db.transaction((tx) => saveMidtransKeys(tx, input, ctx.config.SECRETS_KEY, actor(ctx)));
		// This instance switches at once; others within a minute (midtrans/runtime.ts).
		await reloadGatewayKeys(ctx.db, ctx.config.SECRETS_KEY);
		const stored = await readMidtransKeys(ctx.db, ctx.config.SECRETS_KEY);
		return { ...view, source: gatewayKeySource(ctx.config, stored), environmentKeySet: ctx.config.MIDTRANS_SERVER_KEY !== '' };
	}),

	/** Never fails for Midtrans's sake: an unreachable gateway is a result, not an error. */
	testMidtrans: adminProcedure.input(midtransTestInput).mutation(async ({ ctx, input }) => {
		const stored = await readMidtransKeys(ctx.db, ctx.config.SECRETS_KEY);
		const inUse = gatewayOptionsFor(ctx.config, stored);
		const urls = { snapBaseUrl: ctx.config.MIDTRANS_SNAP_BASE_URL, apiBaseUrl: ctx.config.MIDTRANS_API_BASE_URL };
		const options = input.serverKey
			? { serverKey: input.serverKey, clientKey: '', isProduction: input.isProduction ?? false, ...urls }
			: inUse && { ...inUse, isProduction: input.isProduction ?? inUse.isProduction };
		if (!options) return { result: 'noKey' as const };
		return testMidtransKey(options);
	}),

	saveTemplates: adminProcedure.input(messageTemplatesInput).mutation(async ({ ctx, input }) => {
		const problems: Record<string, string[]> = {};
		for (const kind of TEMPLATE_KINDS) {
			const unknown = unknownPlaceholders(kind, input[kind] ?? '');
			if (unknown.length) {
				problems[kind] = [ctx.t('validation.templateUnknown', { names: unknown.map((n) => `{${n}}`).join(', '), allowed: placeholderList(kind) })];
			}
		}
		if (Object.keys(problems).length) throw new FieldValidationError(problems);
		return ctx.db.transaction(async (tx) => {
			const before = await readMessageTemplates(tx);
			// Left-out templates take the default of the language in force after the save.
			const value = messageTemplatesSchema.parse({ ...input, language: input.language ?? before.language });
			return writeAudited(tx, { key: MESSAGE_TEMPLATES_KEY, schema: messageTemplatesSchema, value, before, action: 'settings.templates', actor: actor(ctx) });
		});
	}),

	/** Stored now; in force at once on this server and within a minute on the others (settings/time-zone.ts). */
	saveTimeZone: adminProcedure.input(timeZoneInput).mutation(async ({ ctx, input }) => {
		await ctx.db.transaction((tx) =>
			writeAudited(tx, { key: TIME_ZONE_KEY, schema: timeZoneSettingSchema, value: { timeZone: input.timeZone }, action: 'settings.timeZone', actor: actor(ctx) })
		);
		return { stored: input.timeZone, active: await timeZoneAfterSave(ctx.db, ctx.config.ISP_TIMEZONE) };
	}),

	saveOfflineDays: adminProcedure.input(offlineDaysInput).mutation(async ({ ctx, input }) => {
		await ctx.db.transaction((tx) =>
			writeAudited(tx, { key: OFFLINE_DAYS_KEY, schema: offlineDaysSchema, value: { days: input.days }, action: 'settings.offlineDays', actor: actor(ctx) })
		);
		return { days: input.days };
	}),

	/** Field cash far above what is owed is flagged for review and confirmed on the phone (shared/cash-bound.ts). */
	saveCashBound: adminProcedure.input(cashBoundInput).mutation(({ ctx, input }) =>
		ctx.db.transaction((tx) => writeAudited(tx, { key: CASH_BOUND_KEY, schema: cashBoundSchema, value: input, action: 'settings.cashBound', actor: actor(ctx) }))
	)
});
