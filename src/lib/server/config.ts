import { z } from 'zod';

/**
 * The one place that reads process.env. Everything else asks getConfig(), so a bad setting is
 * found once, at start-up, and reported as one line naming the variable.
 */

const booleanFromEnv = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'])
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

const timeZone = z.string().refine(
	(tz) => {
		try {
			new Intl.DateTimeFormat('en-US', { timeZone: tz });
			return true;
		} catch {
			return false;
		}
	},
	{ message: 'is not an IANA time zone (e.g. Asia/Jakarta)' }
);

const optionalUrl = z
	.string()
	.url()
	.optional()
	.or(z.literal('').transform(() => undefined));

export const configSchema = z.object({
	DATABASE_URL: z
		.string({ message: 'is required (e.g. mysql://root@127.0.0.1:3306/lunas)' })
		.url({ message: 'must be a URL like mysql://user:password@host:3306/database' })
		.refine((u) => /^mysql:\/\/.+\/[A-Za-z0-9_$]+$/.test(u.split('?')[0]), {
			message: 'must be mysql://user:password@host:port/database with a database name'
		}),
	SESSION_SECRET: z
		.string({ message: 'is required: 32 or more random characters (openssl rand -hex 32)' })
		.min(32, { message: 'must be at least 32 characters (openssl rand -hex 32)' }),
	SECRETS_KEY: z
		.string({ message: 'is required: 64 hex characters (openssl rand -hex 32)' })
		.regex(/^[0-9a-fA-F]{64}$/, { message: 'must be exactly 64 hex characters (openssl rand -hex 32)' }),
	ISP_TIMEZONE: timeZone.default('Asia/Jakarta'),
	PUBLIC_BASE_URL: z
		.string({ message: 'is required: the address customers open, e.g. https://billing.example.net' })
		.url({ message: 'must be a URL such as https://billing.example.net' })
		.transform((u) => u.replace(/\/+$/, '')),
	SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	MIGRATIONS_DIR: z.string().default('drizzle'),
	RUN_MIGRATIONS_ON_START: booleanFromEnv.default(true),
	/** The daily billing and overdue runs; off for instances that should only serve pages. */
	SCHEDULER_ENABLED: booleanFromEnv.default(true),
	MIDTRANS_SERVER_KEY: z.string().default(''),
	MIDTRANS_CLIENT_KEY: z.string().default(''),
	MIDTRANS_IS_PRODUCTION: booleanFromEnv.default(false),
	MIDTRANS_SNAP_BASE_URL: optionalUrl,
	MIDTRANS_API_BASE_URL: optionalUrl,
	/** How long a Snap payment page stays valid; an unexpired one is reused. */
	MIDTRANS_EXPIRY_MINUTES: z.coerce.number().int().min(5).max(10_080).default(1440),
	/** How often the pending check asks the status API about unconfirmed attempts. */
	MIDTRANS_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
	/** The router monitor (status, sessions, interfaces, live traffic); off for page-only instances. */
	ROUTER_MONITOR_ENABLED: booleanFromEnv.default(true),
	/** How often the monitor reads every router. */
	ROUTER_MONITOR_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
	/** The router job worker (provision, isolate, restore…); several instances may run it at once. */
	ROUTER_WORKER_ENABLED: booleanFromEnv.default(true),
	/** The bearer token Prometheus sends to GET /metrics; unset, /metrics does not exist (404). */
	METRICS_TOKEN: z
		.string()
		.min(16, { message: 'must be at least 16 characters (openssl rand -hex 24)' })
		.optional(),
	/**
	 * AES-256-GCM key of the backups: deliberately not SECRETS_KEY, so a stolen backup plus a stolen
	 * server disk are both needed. Kept off the server too (docs/OPERATIONS.md): without it no backup
	 * can be restored.
	 */
	BACKUP_KEY: z
		.string()
		.regex(/^[0-9a-fA-F]{64}$/, { message: 'must be exactly 64 hex characters (openssl rand -hex 32)' })
		.optional(),
	/** Where backups are written and rotated. */
	BACKUP_DIR: z.string().default('backups'),
	/** Rotation: the newest backup of each of the last N days, and of each of the last M weeks. */
	BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(365).default(7),
	BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
	/** Off-site copy of each backup to an S3-compatible store; off unless a bucket is named. */
	BACKUP_S3_BUCKET: z.string().min(3).max(63).optional(),
	BACKUP_S3_PREFIX: z.string().max(200).default('lunas/'),
	BACKUP_S3_REGION: z.string().min(1).default('us-east-1'),
	/** The store's address for anything but AWS (MinIO, Wasabi, R2, B2…). */
	BACKUP_S3_ENDPOINT: z.string().url({ message: 'must be a URL such as https://s3.example.net' }).optional(),
	/** Unset: the AWS SDK's usual chain (AWS_ACCESS_KEY_ID…, instance role). */
	BACKUP_S3_ACCESS_KEY_ID: z.string().optional(),
	BACKUP_S3_SECRET_ACCESS_KEY: z.string().optional(),
	/** The WhatsApp outbox worker; it sends nothing while the gateway is "links only" (the default). */
	WHATSAPP_WORKER_ENABLED: booleanFromEnv.default(true),
	/** The outgoing webhook worker (webhooks/worker.ts). */
	WEBHOOK_WORKER_ENABLED: booleanFromEnv.default(true),
	/**
	 * Lets webhooks reach private, loopback and link-local addresses (a receiver on the ISP's own
	 * LAN, the tests' local receiver). Off: an admin's URL cannot make the server probe its network.
	 */
	WEBHOOK_ALLOW_PRIVATE_ADDRESSES: booleanFromEnv.default(false)
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConfigError';
	}
}

/** Parses an environment; throws a ConfigError whose message is one line per bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
	// An empty value means "not set", so `FOO=` in a .env file falls back to the default.
	const cleaned = Object.fromEntries(
		Object.entries(env).filter(([, v]) => v !== undefined && v !== '')
	);
	const result = configSchema.safeParse(cleaned);
	if (result.success) return result.data;
	const lines = result.error.issues.map((issue) => {
		const name = String(issue.path[0] ?? 'config');
		return `Configuration error: ${name} ${issue.message}`;
	});
	throw new ConfigError(lines.join('\n'));
}

let cached: Config | undefined;

export function getConfig(): Config {
	cached ??= parseConfig(process.env);
	return cached;
}

/**
 * Start-up puts the time zone chosen on the settings page over ISP_TIMEZONE before anything reads
 * it (settings/time-zone.ts); nothing else changes the configuration after start.
 */
export function overrideConfig(patch: Pick<Partial<Config>, 'ISP_TIMEZONE'>): Config {
	cached = { ...getConfig(), ...patch };
	return cached;
}

/** For tests that start the app against their own database. */
export function setConfigForTests(config: Config | undefined): void {
	cached = config;
}
