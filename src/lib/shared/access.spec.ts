import { describe, expect, it } from 'vitest';
import { may, pageAccess } from './access';
import { ROLES } from './domain';

describe('the table of role rules', () => {
	it('names who may open each part of the app; admin-only office pages are refused by their own loads', () => {
		// The staff page's load calls admin procedures: the office role gets the 403 page in words,
		// like on every other admin page, not a silent redirect from the guard.
		expect(pageAccess('/office/staff')).toBe('office');
		expect(pageAccess('/office')).toBe('office');
		expect(pageAccess('/tech/customers')).toBe('field');
		expect(pageAccess('/technician')).toBeNull();
		expect(pageAccess('/pay/abc')).toBeNull();
	});

	it('gives each access to the roles it names, and to no other', () => {
		const allowed = (access: Parameters<typeof may>[1]) => ROLES.filter((r) => may(r, access)).sort();
		expect(allowed('admin')).toEqual(['admin']);
		expect(allowed('office')).toEqual(['admin', 'office']);
		expect(allowed('field')).toEqual(['admin', 'technician']);
		expect(allowed('staff')).toEqual(['admin', 'office', 'technician']);
	});
});
