/**
 * Facts the technician screens need that are not rows: the ISP's time zone (from the root layout
 * while it was online), the signed-in user as the last sync stored it, and the ISP's name for
 * receipts (cached in `meta` whenever a page brings it, so the printed receipt works offline).
 */
import { page } from '$app/state';
import type { MetaKey, OfflineDb } from '$lib/client/offline/db';

const FALLBACK_TIME_ZONE = 'Asia/Jakarta';
const ISP_META_KEY = 'isp' as MetaKey;

export function ispTimeZone(): string {
	const tz = page.data.timeZone;
	return typeof tz === 'string' && tz ? tz : FALLBACK_TIME_ZONE;
}

export async function signedInUser(db: OfflineDb): Promise<{ id: string; name: string } | null> {
	const row = await db.meta.get('user');
	const user = row?.value as { id: string; name: string } | undefined;
	return user ?? null;
}

/** The ISP's name for receipts: the page's own data when online, else the cached copy, else "Lunas". */
export async function ispName(db: OfflineDb): Promise<string> {
	const fromPage = (page.data as { isp?: { name?: unknown } }).isp?.name;
	if (typeof fromPage === 'string' && fromPage) {
		const cached = (await db.meta.get(ISP_META_KEY))?.value as { name?: string } | undefined;
		if (cached?.name !== fromPage) await db.meta.put({ key: ISP_META_KEY, value: { name: fromPage } } as never);
		return fromPage;
	}
	const cached = (await db.meta.get(ISP_META_KEY))?.value as { name?: unknown } | undefined;
	return typeof cached?.name === 'string' && cached.name ? cached.name : 'Lunas';
}
