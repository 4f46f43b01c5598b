import { describe, expect, it } from 'vitest';
import { changedFields, compactJson } from './changes';

describe('audit changes', () => {
	it('lists only the fields that changed, new ones without a before', () => {
		expect(changedFields({ status: 'active', name: 'Ani' }, { status: 'isolated', name: 'Ani', reason: 'arrears' })).toEqual([
			{ key: 'status', before: 'active', after: 'isolated' },
			{ key: 'reason', before: undefined, after: 'arrears' }
		]);
	});

	it('compares nested values by content', () => {
		expect(changedFields({ areas: ['a', 'b'] }, { areas: ['a', 'b'] })).toEqual([]);
	});

	it('gives nothing to compare when one side is missing', () => {
		expect(changedFields(null, { id: 1 })).toEqual([]);
	});

	it('cuts long JSON', () => {
		expect(compactJson({ note: 'x'.repeat(300) }, 20)).toHaveLength(20);
		expect(compactJson('Rp')).toBe('"Rp"');
		expect(compactJson(undefined)).toBe('—');
	});
});
