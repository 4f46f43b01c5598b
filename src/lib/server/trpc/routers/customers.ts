import { adminProcedure, createRouter, officeProcedure, staffProcedure } from '../trpc';
import { actorOf } from '../actor';
import { customerCreateInput, customerListInput, customerUpdateInput, idInput } from '../../../shared/schemas/catalogue';
import { createCustomer, deleteCustomer, getCustomer, listCustomers, updateCustomer } from '../../catalogue/customers.service';

/** Technicians read too, limited to their areas by the service. */
const readers = staffProcedure;

export const customersRouter = createRouter({
	list: readers.input(customerListInput).query(({ ctx, input }) => listCustomers(ctx.db, input, actorOf(ctx))),
	get: readers.input(idInput).query(({ ctx, input }) => getCustomer(ctx.db, input.id, actorOf(ctx))),
	create: officeProcedure.input(customerCreateInput).mutation(({ ctx, input }) => createCustomer(ctx.db, input, actorOf(ctx))),
	update: officeProcedure.input(customerUpdateInput).mutation(({ ctx, input }) => updateCustomer(ctx.db, input, actorOf(ctx))),
	delete: adminProcedure.input(idInput).mutation(({ ctx, input }) => deleteCustomer(ctx.db, input.id, actorOf(ctx)))
});
