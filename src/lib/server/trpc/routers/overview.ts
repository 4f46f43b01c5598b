import { createRouter, officeProcedure, roleProcedure } from '../trpc';
import { officeOverview, technicianAreas } from '../../reports/overview';

export const overviewRouter = createRouter({
	office: officeProcedure.query(({ ctx }) => officeOverview(ctx.db, ctx.config.ISP_TIMEZONE)),
	myAreas: roleProcedure('technician', 'admin').query(({ ctx }) => technicianAreas(ctx.db, ctx.user.id))
});
