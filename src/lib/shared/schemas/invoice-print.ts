import { z } from 'zod';
import { yearMonthInput } from './dates';

/** Most invoices one batch print renders: a browser prints a few hundred A4 sheets comfortably. */
export const INVOICE_PRINT_MAX = 500;

/** A month's invoices to print for delivery by hand, optionally one area's; open ones only by default. */
export const invoicePrintInput = z.object({
	period: yearMonthInput,
	areaId: z.uuid({ message: 'validation.unknown' }).optional(),
	onlyOpen: z.boolean().default(true)
});
