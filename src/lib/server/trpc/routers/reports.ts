import { adminProcedure, createRouter, officeProcedure } from '../trpc';
import { arrearsReportInput, auditListInput, collectorReportInput, ledgerListInput, revenueReportInput } from '../../../shared/schemas/reports';
import { dashboard } from '../../reports/dashboard';
import { revenueReport } from '../../reports/revenue';
import { arrearsReport } from '../../reports/arrears';
import { collectorReport } from '../../reports/collectors';
import { ledgerPage } from '../../reports/ledger';
import { auditEntities, auditPage } from '../../reports/audit-log';
import { reportFilterOptions } from '../../reports/filter-options';

/** The dashboard and the office reports (admin, office); the audit log (admin). */
export const reportsRouter = createRouter({
	dashboard: officeProcedure.query(({ ctx }) => dashboard(ctx.db, { now: new Date(), timeZone: ctx.config.ISP_TIMEZONE })),
	filterOptions: officeProcedure.query(({ ctx }) => reportFilterOptions(ctx.db)),
	revenue: officeProcedure.input(revenueReportInput).query(({ ctx, input }) => revenueReport(ctx.db, input, new Date(), ctx.config.ISP_TIMEZONE)),
	arrears: officeProcedure.input(arrearsReportInput).query(({ ctx, input }) => arrearsReport(ctx.db, input, new Date(), ctx.config.ISP_TIMEZONE)),
	collectors: officeProcedure.input(collectorReportInput).query(({ ctx, input }) => collectorReport(ctx.db, input, new Date(), ctx.config.ISP_TIMEZONE)),
	ledger: officeProcedure.input(ledgerListInput).query(({ ctx, input }) => ledgerPage(ctx.db, input, ctx.config.ISP_TIMEZONE)),
	audit: adminProcedure.input(auditListInput).query(({ ctx, input }) => auditPage(ctx.db, input, ctx.config.ISP_TIMEZONE)),
	auditEntities: adminProcedure.query(({ ctx }) => auditEntities(ctx.db))
});
