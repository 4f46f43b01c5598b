import type { MessageKey } from '$lib/shared/i18n/index';

export interface NavLink {
	href: string;
	label: MessageKey;
	adminOnly?: boolean;
}

/** Links shown together behind one button, so the whole menu fits one row of an office screen. */
export interface NavGroup {
	label: MessageKey;
	links: NavLink[];
}

export type NavItem = NavLink | NavGroup;

export const isGroup = (item: NavItem): item is NavGroup => 'links' in item;

/**
 * The menu as one user sees it: links they may not open are dropped, a group left empty goes,
 * and a group left with one link becomes that link (a button that opens a single link only
 * costs a click).
 */
export function menuFor(items: NavItem[], isAdmin: boolean): NavItem[] {
	const allowed = (link: NavLink) => isAdmin || !link.adminOnly;
	return items.flatMap((item): NavItem[] => {
		if (!isGroup(item)) return allowed(item) ? [item] : [];
		const links = item.links.filter(allowed);
		if (links.length <= 1) return links;
		return [{ ...item, links }];
	});
}

/**
 * Whether `href` is the page shown, or a page under it (a customer's page belongs to Customers).
 * The home pages match only themselves: every page is under them.
 */
export function isCurrentLink(href: string, pathname: string, homes: readonly string[] = ['/office', '/tech']): boolean {
	return pathname === href || (!homes.includes(href) && pathname.startsWith(href + '/'));
}
