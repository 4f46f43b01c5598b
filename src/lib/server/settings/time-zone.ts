/**
 * The ISP's time zone chosen on the settings page. Billing dates, the scheduler's clock, the
 * background loops and every page read the zone from the configuration at the moment they use it.
 * Start-up puts the stored zone in force before anything runs; afterwards every instance re-reads
 * it each minute (a small ISP's hosting panel may not offer a restart), and the instance that saved
 * it applies it at once.
 */
import { getConfig, overrideConfig } from '../config';
import type { Db, DbOrTx } from '../db/index';
import { log } from '../log';
import { readSetting } from '../settings';
import { isTimeZone, TIME_ZONE_KEY, timeZoneSettingSchema } from '../../shared/schemas/settings';
import { loopRunner, type Loop } from '../loops/loop-runner';

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

/** The stored zone, when there is one, replaces ISP_TIMEZONE in this process. Returns the zone in force. */
export async function applyStoredTimeZone(db: DbOrTx): Promise<string> {
	environmentZone ??= getConfig().ISP_TIMEZONE;
	const stored = await readStoredTimeZone(db);
	if (stored && stored !== getConfig().ISP_TIMEZONE) {
		log.info({ from: getConfig().ISP_TIMEZONE, to: stored }, 'time zone changed on the settings page: now in force');
		overrideConfig({ ISP_TIMEZONE: stored });
	}
	return getConfig().ISP_TIMEZONE;
}

let follower: Loop | undefined;

/** A running server follows a zone saved on any instance within `intervalMs`. */
export function followStoredTimeZone(db: Db, intervalMs = 60_000): void {
	if (follower) return;
	follower = loopRunner({
		name: 'time zone refresh',
		intervalMs,
		immediate: false,
		tick: async () => {
			await applyStoredTimeZone(db).catch((err) => log.warn({ err }, 'the stored time zone could not be read; keeping the one in force'));
		}
	});
	follower.start();
}

export async function stopFollowingTimeZone(): Promise<void> {
	const stopping = follower;
	follower = undefined;
	await stopping?.stop();
}

/** After a save: the zone in force in this process — the saved one at once when this server follows the setting. */
export async function timeZoneAfterSave(db: DbOrTx, inForce: string): Promise<string> {
	return follower ? applyStoredTimeZone(db) : inForce;
}

/** ISP_TIMEZONE as the environment set it (the default when nothing is stored); `active` before start-up recorded it. */
export function environmentTimeZone(active: string): string {
	return environmentZone ?? active;
}
