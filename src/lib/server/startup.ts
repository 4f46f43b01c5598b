import { ConfigError, getConfig, type Config } from './config';
import { getDb } from './db/index';
import { ensureDatabase, migrateDatabase } from './db/migrate';
import { log } from './log';
import { startScheduler } from './scheduler/scheduler';
import { startRouterMonitor } from './routers/monitor';
import { getRouterPool } from './routeros/runtime';
import { startPendingChecker } from './midtrans/pending-check';
import { currentGateway } from './midtrans/runtime';
import { startRouterJobWorker } from './router-jobs/worker';
import { applyStoredSettings } from './settings/startup';

/** The zone in force now: a change on the settings page reaches running loops (settings/time-zone.ts). */
const ispTimeZone = () => getConfig().ISP_TIMEZONE;

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
	// The time zone and Midtrans keys chosen on the settings page, before anything uses them.
	config = await applyStoredSettings(getDb());
	if (config.SCHEDULER_ENABLED) {
		startScheduler(getDb(), ispTimeZone);
		// Lost Midtrans notifications: ask the status API about attempts left open (one instance at a
		// time). The keys may come from settings later, so it skips rounds without a gateway.
		startPendingChecker(getDb(), currentGateway, { timeZone: ispTimeZone, intervalMs: config.MIDTRANS_CHECK_INTERVAL_SECONDS * 1000 });
	}
	if (config.ROUTER_MONITOR_ENABLED) {
		startRouterMonitor({ db: getDb(), pool: getRouterPool(), intervalMs: config.ROUTER_MONITOR_INTERVAL_SECONDS * 1000 });
	}
	if (config.ROUTER_WORKER_ENABLED) {
		startRouterJobWorker({ db: getDb(), pool: getRouterPool(), secretsKey: config.SECRETS_KEY, timeZone: ispTimeZone });
	}
	log.info({ timeZone: config.ISP_TIMEZONE, baseUrl: config.PUBLIC_BASE_URL, scheduler: config.SCHEDULER_ENABLED }, 'lunas started');
	return config;
}
