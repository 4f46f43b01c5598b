import { describe, expect, it } from 'vitest';
import { challengeResponse, login } from './login';

describe('login', () => {
	it('computes the pre-6.43 response of the go-routeros test vector', () => {
		expect(challengeResponse('passTest', 'abc123')).toBe('0021277bff9ac7caf06aa608e46616d47f');
	});

	it('answers a plain-style login with a challenge on a legacy router', () => {
		const ctx = { user: 'admin', password: 'x', legacy: true, refuse: false };
		expect(login({ name: 'admin', password: 'x' }, ctx).kind).toBe('challenge');
	});

	it('rejects a response to a challenge it never gave', () => {
		const ctx = { user: 'admin', password: 'x', legacy: true, refuse: false };
		expect(login({ name: 'admin', response: challengeResponse('x', 'abc123') }, ctx).kind).toBe('invalid');
	});
});
