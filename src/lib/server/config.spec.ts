import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const good = {
	DATABASE_URL: 'mysql://root@127.0.0.1:3306/lunas',
	SESSION_SECRET: 's'.repeat(32),
	SECRETS_KEY: 'ab'.repeat(32),
	PUBLIC_BASE_URL: 'https://billing.example.net/'
};

function errorOf(env: Record<string, string | undefined>): string {
	try {
		parseConfig(env);
	} catch (err) {
		if (err instanceof ConfigError) return err.message;
		throw err;
	}
	throw new Error('expected a ConfigError');
}

describe('configuration', () => {
	it('fills defaults and normalises', () => {
		const c = parseConfig(good);
		expect(c.ISP_TIMEZONE).toBe('Asia/Jakarta');
		expect(c.PUBLIC_BASE_URL).toBe('https://billing.example.net');
		expect(c.RUN_MIGRATIONS_ON_START).toBe(true);
		expect(c.MIDTRANS_IS_PRODUCTION).toBe(false);
		expect(c.MIDTRANS_SNAP_BASE_URL).toBeUndefined();
	});

	it('names each missing or malformed setting on its own line', () => {
		expect(errorOf({ ...good, SESSION_SECRET: undefined })).toBe(
			'Configuration error: SESSION_SECRET is required: 32 or more random characters (openssl rand -hex 32)'
		);
		expect(errorOf({ ...good, SECRETS_KEY: 'xyz' })).toBe(
			'Configuration error: SECRETS_KEY must be exactly 64 hex characters (openssl rand -hex 32)'
		);
		expect(errorOf({ ...good, ISP_TIMEZONE: 'Asia/Jakartaa' })).toBe(
			'Configuration error: ISP_TIMEZONE is not an IANA time zone (e.g. Asia/Jakarta)'
		);
		expect(errorOf({ ...good, DATABASE_URL: 'postgres://x' })).toMatch(/^Configuration error: DATABASE_URL must be mysql:\/\//);
		expect(errorOf({ ...good, MIDTRANS_IS_PRODUCTION: 'maybe' })).toMatch(/^Configuration error: MIDTRANS_IS_PRODUCTION /);
		const two = errorOf({ ...good, DATABASE_URL: undefined, PUBLIC_BASE_URL: 'not a url' }).split('\n');
		expect(two).toHaveLength(2);
		expect(two[0]).toMatch(/^Configuration error: DATABASE_URL is required/);
		expect(two[1]).toMatch(/^Configuration error: PUBLIC_BASE_URL must be a URL/);
	});

	it('treats an empty value as unset', () => {
		expect(parseConfig({ ...good, ISP_TIMEZONE: '' }).ISP_TIMEZONE).toBe('Asia/Jakarta');
	});
});
