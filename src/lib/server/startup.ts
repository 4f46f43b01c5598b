import { ConfigError, getConfig, type Config } from './config';
import { getDb } from './db/index';
import { ensureDatabase, migrateDatabase } from './db/migrate';
import { log } from './log';
import { startScheduler } from './scheduler/scheduler';

/**
 * Runs once when the server starts: a bad setting stops it with one clear line per variable;
 * otherwise the database is created if missing and migrated.
 */
export async function startServer(): Promise<Config> {
	let config: Config;
	try {
		config = getConfig();
	} catch (err) {
		if (err instanceof ConfigError) {
			console.error(err.message);
			process.exit(1);
		}
		throw err;
	}
	log.level = config.LOG_LEVEL;
	if (config.RUN_MIGRATIONS_ON_START) {
		await ensureDatabase(config.DATABASE_URL);
		await migrateDatabase(getDb(), config.MIGRATIONS_DIR);
	}
	if (config.SCHEDULER_ENABLED) startScheduler(getDb(), config.ISP_TIMEZONE);
	log.info({ timeZone: config.ISP_TIMEZONE, baseUrl: config.PUBLIC_BASE_URL, scheduler: config.SCHEDULER_ENABLED }, 'lunas started');
	return config;
}
