import { getMeta, setMeta, type OfflineDb } from '$lib/client/offline/db';
import { defaultTemplates, type CustomerLanguage } from '$lib/shared/templates';
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

/** The ISP's receipt message and the language it writes to customers in, as the last pull brought them, else the defaults. */
export async function receiptTemplate(db: OfflineDb): Promise<{ text: string; language: CustomerLanguage }> {
	const isp = await getMeta(db, 'isp');
	const language = isp?.customerLanguage ?? 'id';
	return { text: isp?.receiptTemplate || defaultTemplates(language).receipt, language };
}

/** The cash bound as the last pull brought it (settings `payments.cashBound`), else the default. */
export async function cashBound(db: OfflineDb): Promise<CashBound> {
	const parsed = cashBoundSchema.safeParse((await getMeta(db, 'isp'))?.cashBound ?? {});
	return parsed.success ? parsed.data : cashBoundSchema.parse({});
}
