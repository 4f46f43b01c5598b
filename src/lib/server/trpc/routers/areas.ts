import { adminProcedure, createRouter, officeProcedure, staffProcedure } from '../trpc';
import { actorOf } from '../actor';
import { areaCreateInput, areaListInput, areaUpdateInput, idInput } from '../../../shared/schemas/catalogue';
import { areaOptions, createArea, deleteArea, getArea, listAreas, updateArea } from '../../catalogue/areas.service';

const readers = staffProcedure;

export const areasRouter = createRouter({
	list: readers.input(areaListInput).query(({ ctx, input }) => listAreas(ctx.db, input)),
	options: readers.query(({ ctx }) => areaOptions(ctx.db)),
	get: readers.input(idInput).query(({ ctx, input }) => getArea(ctx.db, input.id, actorOf(ctx))),
	create: officeProcedure.input(areaCreateInput).mutation(({ ctx, input }) => createArea(ctx.db, input, actorOf(ctx))),
	update: officeProcedure.input(areaUpdateInput).mutation(({ ctx, input }) => updateArea(ctx.db, input, actorOf(ctx))),
	delete: adminProcedure.input(idInput).mutation(({ ctx, input }) => deleteArea(ctx.db, input.id, actorOf(ctx)))
});
