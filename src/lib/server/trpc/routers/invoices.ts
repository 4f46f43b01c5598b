import { adminProcedure, createRouter, officeProcedure, staffProcedure } from '../trpc';
import { actorOf } from '../actor';
import { ledgerContextOf } from '../ledger-context';
import { idInput } from '../../../shared/schemas/catalogue';
import { invoiceListInput, voidInvoiceInput } from '../../../shared/schemas/billing';
import { getInvoice, listInvoices } from '../../billing/queries';
import { voidInvoice } from '../../billing/invoices';
import { invoicesToPrint } from '../../billing/invoice-print';
import { invoicePrintInput } from '../../../shared/schemas/invoice-print';

/** Technicians read too, limited to their areas by the queries. */
const readers = staffProcedure;

export const invoicesRouter = createRouter({
	list: readers.input(invoiceListInput).query(({ ctx, input }) => listInvoices(ctx.db, input, actorOf(ctx), ctx.config.ISP_TIMEZONE)),
	get: readers.input(idInput).query(({ ctx, input }) => getInvoice(ctx.db, input.id, actorOf(ctx))),
	/** The office prints; pay links are in it, so not for technicians. */
	printBatch: officeProcedure.input(invoicePrintInput).query(({ ctx, input }) => invoicesToPrint(ctx.db, input, ctx.config.PUBLIC_BASE_URL)),
	void: adminProcedure.input(voidInvoiceInput).mutation(async ({ ctx, input }) => voidInvoice(ctx.db, input, await ledgerContextOf(ctx)))
});
