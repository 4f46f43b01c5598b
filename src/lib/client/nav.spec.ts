import { describe, expect, it } from 'vitest';
import { isCurrentLink, menuFor, type NavItem } from './nav';

const menu: NavItem[] = [
	{ href: '/office', label: 'nav.home' },
	{ label: 'nav.groupNetwork', links: [{ href: '/office/routers', label: 'nav.routers' }, { href: '/office/router-jobs', label: 'nav.routerJobs' }] },
	{ href: '/office/reports', label: 'nav.reports' },
	{
		label: 'nav.groupAdmin',
		links: [
			{ href: '/office/settings', label: 'nav.settings', adminOnly: true },
			{ href: '/office/staff', label: 'nav.staff', adminOnly: true }
		]
	},
	{ label: 'nav.groupCatalogue', links: [{ href: '/office/packages', label: 'nav.packages' }, { href: '/office/audit', label: 'nav.audit', adminOnly: true }] }
];

describe('menuFor', () => {
	it('gives the admin every group as it is', () => {
		expect(menuFor(menu, true)).toEqual(menu);
	});

	it('drops admin links for the office, and the groups they emptied or left with one link', () => {
		expect(menuFor(menu, false)).toEqual([
			{ href: '/office', label: 'nav.home' },
			menu[1],
			{ href: '/office/reports', label: 'nav.reports' },
			{ href: '/office/packages', label: 'nav.packages' }
		]);
	});
});

describe('isCurrentLink', () => {
	it('marks a page and the pages under it, but not a sibling sharing a prefix', () => {
		expect(isCurrentLink('/office/routers', '/office/routers')).toBe(true);
		expect(isCurrentLink('/office/routers', '/office/routers/abc/drift')).toBe(true);
		expect(isCurrentLink('/office/routers', '/office/router-jobs')).toBe(false);
	});

	it('marks the home page only on itself', () => {
		expect(isCurrentLink('/office', '/office')).toBe(true);
		expect(isCurrentLink('/office', '/office/customers')).toBe(false);
	});
});
