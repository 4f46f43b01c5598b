import { z } from 'zod';

/** The office asks about one invoice's online payments. */
export const invoiceMidtransInput = z.object({ invoiceId: z.uuid() });

/** A pay token from a public URL: base64url, never an id. */
export const payTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
