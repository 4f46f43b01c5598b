/**
 * The customer's pay pages (and their error page) are server-rendered only: no app bundle on a
 * slow phone connection. The one page that needs script inlines its own (pay-script.ts).
 */
export const csr = false;
