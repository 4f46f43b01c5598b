/**
 * The customer portal is server-rendered only, like the pay pages: no app bundle on a slow phone.
 * Forms post and redirect; the one page that waits (a password change) refreshes itself.
 */
export const csr = false;
