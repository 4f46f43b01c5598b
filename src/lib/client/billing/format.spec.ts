import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { actionLabel, entityLabel, formatPeriod } from './format';

describe('billing labels', () => {
	it('names an audited action in the reader’s language, or shows its code when it has no name', () => {
		expect(actionLabel('payment.void', 'id')).toBe('Pembayaran dibatalkan');
		expect(actionLabel('payment.void', 'en')).toBe('Payment voided');
		expect(actionLabel('router.somethingNew', 'en')).toBe('router.somethingNew');
	});

	it('names every action the server audits, and the kinds of record', () => {
		const sources = readdirSync('src/lib/server', { recursive: true, encoding: 'utf8' })
			.filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
			.map((f) => readFileSync(path.join('src/lib/server', f), 'utf8'));
		const audited = new Set(sources.flatMap((src) => [...src.matchAll(/action: '([a-zA-Z]+\.[a-zA-Z]+)'/g)].map((m) => m[1])));
		expect(audited.size).toBeGreaterThan(30);
		for (const action of audited) expect(actionLabel(action, 'id'), action).not.toBe(action);
		expect(entityLabel('cash_handover', 'id')).toBe('Setoran kas');
		expect(entityLabel('cash_handover', 'en')).toBe('Cash hand-over');
		expect(entityLabel('something_new', 'en')).toBe('something_new');
	});

	it('writes a billing period day first, the year once', () => {
		expect(formatPeriod('2026-08-01', '2026-08-31', 'id')).toBe('1 Agu – 31 Agu 2026');
		expect(formatPeriod('2026-12-15', '2027-01-14', 'en')).toBe('15 Dec 2026 – 14 Jan 2027');
	});
});
