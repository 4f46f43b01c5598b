/**
 * Facts the technician screens need that are not rows: the ISP's time zone (from the root layout
 * while it was online), the signed-in user as the last sync stored it, and the ISP's name for
 * receipts (stored in `meta` by every sync pull, so the printed receipt works offline).
 */
import { page } from '$app/state';
import { getMeta, type OfflineDb } from '$lib/client/offline/db';
import { resolveIspName } from './isp-name';

const FALLBACK_TIME_ZONE = 'Asia/Jakarta';

export function ispTimeZone(): string {
	const tz = page.data.timeZone;
	return typeof tz === 'string' && tz ? tz : FALLBACK_TIME_ZONE;
}

export async function signedInUser(db: OfflineDb): Promise<{ id: string; name: string } | null> {
	return (await getMeta(db, 'user')) ?? null;
}

/** The ISP's name for receipts: the page's own data when online, else what the last pull stored. */
export function ispName(db: OfflineDb): Promise<string> {
	return resolveIspName(db, (page.data as { isp?: { name?: unknown } }).isp?.name);
}
