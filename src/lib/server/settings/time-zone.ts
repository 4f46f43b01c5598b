/**
 * The ISP's time zone chosen on the settings page. Billing dates, the scheduler's clock and every
 * page read the zone from the configuration, and the scheduler is started with it, so a change
 * takes effect when the server starts: start-up reads this setting and overrides ISP_TIMEZONE
 * before anything else runs. Changing it live would leave the scheduler and open pages on the old
 * zone until a restart anyway.
 */
import { getConfig, overrideConfig } from '../config';
import type { DbOrTx } from '../db/index';
import { readSetting } from '../settings';
import { isTimeZone, TIME_ZONE_KEY, timeZoneSettingSchema } from '../../shared/schemas/settings';

/** The zone stored on the settings page, or null when none (the environment's applies). */
export async function readStoredTimeZone(db: DbOrTx): Promise<string | null> {
	const { timeZone } = await readSetting(db, TIME_ZONE_KEY, timeZoneSettingSchema);
	return timeZone && isTimeZone(timeZone) ? timeZone : null;
}

/** Every zone this server knows, for the picker (Intl's list plus UTC). */
export function knownTimeZones(): string[] {
	const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
	return zones.includes('UTC') ? zones : [...zones, 'UTC'];
}

let environmentZone: string | null = null;

/**
 * Start-up: the stored zone, when there is one, replaces ISP_TIMEZONE for the life of the process.
 * Returns the zone in force.
 */
export async function applyStoredTimeZone(db: DbOrTx): Promise<string> {
	environmentZone ??= getConfig().ISP_TIMEZONE;
	const stored = await readStoredTimeZone(db);
	if (stored && stored !== getConfig().ISP_TIMEZONE) overrideConfig({ ISP_TIMEZONE: stored });
	return getConfig().ISP_TIMEZONE;
}

/** ISP_TIMEZONE as the environment set it (the default when nothing is stored); `active` before start-up recorded it. */
export function environmentTimeZone(active: string): string {
	return environmentZone ?? active;
}
