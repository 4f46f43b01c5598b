/**
 * What start-up takes from the settings table before anything else runs: the time zone and the
 * Midtrans keys, both re-read every minute afterwards.
 */
import { getConfig, type Config } from '../config';
import type { Db } from '../db/index';
import { log } from '../log';
import { startGatewayKeyRefresh, stopGatewayKeyRefresh } from '../midtrans/runtime';
import { applyStoredTimeZone, followStoredTimeZone, stopFollowingTimeZone } from './time-zone';

export async function applyStoredSettings(db: Db): Promise<Config> {
	try {
		await applyStoredTimeZone(db);
	} catch (err) {
		// A database not migrated yet (RUN_MIGRATIONS_ON_START=false) has no settings to apply.
		log.warn({ err }, 'the stored time zone could not be read; using ISP_TIMEZONE');
	}
	followStoredTimeZone(db);
	// Logs and keeps the environment's keys when a read fails, and tries again every minute.
	await startGatewayKeyRefresh(db, getConfig().SECRETS_KEY);
	return getConfig();
}

/** Stops re-reading the settings (at shutdown, before the database pool closes). */
export async function stopFollowingSettings(): Promise<void> {
	await Promise.all([stopFollowingTimeZone(), stopGatewayKeyRefresh()]);
}
