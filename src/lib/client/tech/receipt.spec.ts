import { describe, expect, it } from 'vitest';
import { localReference, receiptNumberOf } from './receipt';

describe('references', () => {
	it('shortens seq + op id', () => {
		expect(localReference(12, 'ab12cd34-0000-4000-8000-000000000000')).toBe('12-AB12CD');
	});

	it('reads the receipt number from an applied result only when it is a string', () => {
		expect(receiptNumberOf({ receiptNumber: 'RCP-1' })).toBe('RCP-1');
		expect(receiptNumberOf({ receiptNumber: 7 })).toBeNull();
		expect(receiptNumberOf(undefined)).toBeNull();
	});
});
