import { ConfigError, getConfig, type Config } from './config';
import { closeDb, getDb } from './db/index';
import { ensureDatabase, migrateDatabase } from './db/migrate';
import { log } from './log';
import { installLastResortHandlers } from './last-resort';
import { startScheduler, stopScheduler } from './scheduler/scheduler';
import { startRouterMonitor, stopRouterMonitor } from './routers/monitor';
import { closeRouterPool, getRouterPool } from './routeros/runtime';
import { startPendingChecker, stopPendingChecker } from './midtrans/pending-check';
import { currentGateway } from './midtrans/runtime';
import { startRouterJobWorker, stopRouterJobWorker } from './router-jobs/worker';
import { applyStoredSettings, stopFollowingSettings } from './settings/startup';
import { markStarted, markStopping } from './readiness';
import { backupTargetOf } from './backup/target';
import { startWhatsAppWorker, stopWhatsAppWorker } from './whatsapp/worker';
import { currentWhatsAppGateway } from './whatsapp/gateway-settings';
import { startWebhookWorker, stopWebhookWorker } from './webhooks/worker';

/** The zone in force now: a change on the settings page reaches running loops (settings/time-zone.ts). */
const ispTimeZone = () => getConfig().ISP_TIMEZONE;

/**
 * Runs once when the server starts: a bad setting stops it with one clear line per variable;
 * otherwise the database is created if missing and migrated.
 */

export async function startServer(): Promise<Config> {
	installLastResortHandlers();
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
		startScheduler(getDb(), ispTimeZone, 60_000, backupTargetOf(config));
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
	if (config.WHATSAPP_WORKER_ENABLED) {
		const secretsKey = config.SECRETS_KEY;
		startWhatsAppWorker({ db: getDb(), gateway: () => currentWhatsAppGateway(getDb(), secretsKey), timeZone: ispTimeZone });
	}
	if (config.WEBHOOK_WORKER_ENABLED) {
		startWebhookWorker({ db: getDb(), secretsKey: config.SECRETS_KEY, allowPrivateAddresses: config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES });
	}
	// adapter-node closes the HTTP server on SIGTERM/SIGINT, then emits this; the loops, router
	// connections and database pool would otherwise keep the process alive until it is killed.
	process.once('sveltekit:shutdown', () => void stopServer());
	markStarted();
	log.info({ timeZone: config.ISP_TIMEZONE, baseUrl: config.PUBLIC_BASE_URL, scheduler: config.SCHEDULER_ENABLED }, 'lunas started');
	return config;
}

/**
 * Lets work under way finish (a billing run, router jobs in flight; queued ones are released for
 * another instance), then logs out of the routers and closes the database pool.
 */
export async function stopServer(): Promise<void> {
	markStopping();
	try {
		await Promise.all([stopFollowingSettings(), stopScheduler(), stopPendingChecker(), stopRouterMonitor(), stopRouterJobWorker(), stopWhatsAppWorker(), stopWebhookWorker()]);
		await closeRouterPool();
		await closeDb();
		log.info({}, 'lunas stopped');
	} catch (err) {
		log.error({ err }, 'shutdown did not finish cleanly');
		process.exitCode = 1;
	}
}
