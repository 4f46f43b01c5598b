/**
 * What start-up takes from the settings table before anything else runs: the time zone (which
 * then holds for the life of the process) and the Midtrans keys (re-read every minute).
 */
import { getConfig, type Config } from '../config';
import type { Db } from '../db/index';
import { log } from '../log';
import { startGatewayKeyRefresh } from '../midtrans/runtime';
import { applyStoredTimeZone } from './time-zone';

export async function applyStoredSettings(db: Db): Promise<Config> {
	try {
		await applyStoredTimeZone(db);
	} catch (err) {
		// A database not migrated yet (RUN_MIGRATIONS_ON_START=false) has no settings to apply.
		log.warn({ err }, 'the stored time zone could not be read; using ISP_TIMEZONE');
	}
	// Logs and keeps the environment's keys when a read fails, and tries again every minute.
	await startGatewayKeyRefresh(db, getConfig().SECRETS_KEY);
	return getConfig();
}
