import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy';
import { passwordSchema } from './schemas/staff';
import { DEMO_USERS } from '../server/demo/seed';

describe('password policy', () => {
	it('refuses anything shorter than the minimum', () => {
		expect(PASSWORD_MIN_LENGTH).toBeGreaterThanOrEqual(10);
		for (const p of ['12345678', 'Xk9#mQ2v', 'a'.repeat(PASSWORD_MIN_LENGTH - 1), '']) expect(passwordProblem(p), p).toBe('short');
	});

	it('refuses runs, repetitions, digits alone and common passwords dressed up', () => {
		const weak = [
			'1234567890', '12345678901', '0987654321', '0000000000', '1111111111', '1212121212', 'abcdefghij', 'ABCDEFGHIJK',
			'qwertyuiop', 'QWERTYUIOP', 'asdfghjkl;', 'zxcvbnm123', 'abcabcabca', 'aaaaaaaaaaaa', 'aaaaabbbbb', '1qaz2wsx3edc',
			'password123', 'Password2024!', 'P@ssw0rd2024', 'admin12345', '123admin123', 'administrator', 'Bismillah!!',
			'sayang12345', 'mikrotik2025', 'rahasia123456', 'qwerty-1234', 'welcome2026', 'iloveyou123', '!@#$%^&*()',
			'081234567890', '17081945170819', 'indonesia45', 'admin_2024'
		];
		for (const p of weak) expect(passwordProblem(p), p).toBe('weak');
	});

	it('accepts passwords that are long enough and not on those lists', () => {
		for (const p of ['kopi-susu-pagi', 'Merapi 2930 mdpl!', 'tiga ekor kucing', 'Xk9#mQ2v!pLz', 'jalan-kenanga-17b', 'sepatu-biru-88']) {
			expect(passwordProblem(p), p).toBeNull();
		}
	});

	it('keeps the demo passwords valid', () => {
		for (const u of DEMO_USERS) expect(passwordProblem(u.password), u.password).toBeNull();
	});

	it('is what the schema every password goes through enforces, with a message key per problem', () => {
		const short = passwordSchema.safeParse('12345678');
		expect(short.success).toBe(false);
		expect(short.error?.issues[0]).toMatchObject({ code: 'too_small', minimum: PASSWORD_MIN_LENGTH });
		const weak = passwordSchema.safeParse('1234567890');
		expect(weak.error?.issues.map((i) => i.message)).toEqual(['validation.passwordWeak']);
		expect(passwordSchema.safeParse('kopi-susu-pagi').success).toBe(true);
	});
});
