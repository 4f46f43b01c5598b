import pino from 'pino';

/**
 * Structured JSON logs, one line per request and per job. Known secret-bearing fields are
 * redacted wherever they appear, so a careless `log.info({ input })` cannot leak a password.
 */
export const log = pino({
	level: process.env.LOG_LEVEL ?? 'info',
	base: { app: 'lunas' },
	redact: {
		paths: [
			'password',
			'*.password',
			'*.*.password',
			'passwordHash',
			'*.passwordHash',
			'servicePassword',
			'*.servicePassword',
			'serverKey',
			'*.serverKey',
			'token',
			'*.token',
			'cookie',
			'*.cookie',
			'headers.authorization',
			'*.headers.authorization'
		],
		censor: '[redacted]'
	}
});

/** Pay and session tokens travel in paths; keep them out of request logs. */
export function redactPath(pathname: string): string {
	return pathname.replace(/^\/pay\/[^/]+/, '/pay/:token').replace(/^\/isolir\/[^/]+/, '/isolir/:token');
}
