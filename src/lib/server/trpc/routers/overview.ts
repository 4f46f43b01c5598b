import { createRouter, fieldProcedure } from '../trpc';
import { technicianAreas } from '../../reports/overview';

/** The technician's home; the office home is reports.dashboard. */
export const overviewRouter = createRouter({
	myAreas: fieldProcedure.query(({ ctx }) => technicianAreas(ctx.db, ctx.user.id))
});
