import { describe, expect, it } from 'vitest';
import { formatBoolean, formatId, formatUptime, parseBoolean, parseId } from './format';

describe('format', () => {
	it('formats uptime the way RouterOS does', () => {
		expect(formatUptime(0)).toBe('0s');
		expect(formatUptime(3723)).toBe('1h2m3s');
		expect(formatUptime(604800 + 86400 + 5)).toBe('1w1d5s');
	});

	it('spells booleans per generation and accepts either spelling', () => {
		expect(formatBoolean('true', 6)).toBe('yes');
		expect(formatBoolean('false', 7)).toBe('false');
		expect(parseBoolean('yes')).toBe('true');
		expect(parseBoolean('maybe')).toBeNull();
	});

	it('round-trips hex ids', () => {
		expect(formatId(26)).toBe('*1A');
		expect(parseId('*1A')).toBe(26);
		expect(parseId('user1')).toBeNull();
	});
});
