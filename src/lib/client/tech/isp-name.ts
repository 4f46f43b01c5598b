import { getMeta, setMeta, type OfflineDb } from '$lib/client/offline/db';
import { DEFAULT_TEMPLATES } from '$lib/shared/templates';
import { cashBoundSchema, type CashBound } from '$lib/shared/cash-bound';

/** What documents carry until an admin names the ISP (the isp.profile default). */
const FALLBACK_ISP_NAME = 'Lunas';

/**
 * The ISP's name for receipts: the page's own data when online (remembered for later), else the
 * copy the last sync pull stored in `meta`, else the product's name.
 */
export async function resolveIspName(db: OfflineDb, fromPage: unknown): Promise<string> {
	const cached = await getMeta(db, 'isp');
	if (typeof fromPage === 'string' && fromPage) {
		if (cached?.name !== fromPage) await setMeta(db, 'isp', { ...cached, name: fromPage });
		return fromPage;
	}
	return cached?.name || FALLBACK_ISP_NAME;
}

/** The ISP's receipt message as the last pull brought it, else the default one. */
export async function receiptTemplate(db: OfflineDb): Promise<string> {
	return (await getMeta(db, 'isp'))?.receiptTemplate || DEFAULT_TEMPLATES.receipt;
}

/** The cash bound as the last pull brought it (settings `payments.cashBound`), else the default. */
export async function cashBound(db: OfflineDb): Promise<CashBound> {
	const parsed = cashBoundSchema.safeParse((await getMeta(db, 'isp'))?.cashBound ?? {});
	return parsed.success ? parsed.data : cashBoundSchema.parse({});
}
