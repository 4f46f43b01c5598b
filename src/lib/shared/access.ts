/**
 * Who may do what: the one table of role rules. The page guard (hooks.server.ts), the tRPC
 * procedure builders (trpc.ts) and the plain endpoints and page loads that check a role of their
 * own (the CSV export, the router forms) all read it, so a rule changes in one place.
 */
import type { Role } from './domain';

export const ACCESS = {
	/** Staff, settings, the audit trail, adding and editing routers: the ISP's owner. */
	admin: ['admin'],
	/** The office's work: billing, customers, reports and their exports. */
	office: ['admin', 'office'],
	/** The technician's app; an admin may open it too. */
	field: ['technician', 'admin'],
	/** Reading customers, packages, areas, invoices and payments: every staff role (technicians within their areas). */
	staff: ['admin', 'office', 'technician']
} as const satisfies Record<string, readonly Role[]>;

export type Access = keyof typeof ACCESS;

export function may(role: Role, access: Access): boolean {
	return (ACCESS[access] as readonly Role[]).includes(role);
}

/**
 * The parts of the app and who may open them; the first matching prefix wins. Admin-only office
 * pages are not listed: their loads call admin procedures, so the office role gets the 403 page in
 * words on every one of them rather than a silent redirect on some.
 */
const PAGE_ACCESS: ReadonlyArray<{ prefix: string; access: Access }> = [
	{ prefix: '/office', access: 'office' },
	{ prefix: '/tech', access: 'field' }
];

/** Who may open `path`, or null for a page anyone may (sign-in, pay page, isolir). */
export function pageAccess(path: string): Access | null {
	return PAGE_ACCESS.find((r) => path === r.prefix || path.startsWith(r.prefix + '/'))?.access ?? null;
}
