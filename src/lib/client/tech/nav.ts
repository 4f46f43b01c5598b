import type { MessageKey } from '$lib/shared/i18n/index';

/** The technician screens, for the /tech shell's menu. */
export const TECH_LINKS: Array<{ href: string; label: MessageKey }> = [
	{ href: '/tech', label: 'techNav.route' },
	{ href: '/tech/cash', label: 'techNav.cash' },
	{ href: '/tech/new', label: 'techNav.new' }
];
