import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { getMeta, openOfflineDb, setMeta, type OfflineDb } from '$lib/client/offline/db';
import { DEFAULT_TEMPLATES, DEFAULT_TEMPLATES_EN } from '$lib/shared/templates';
import { receiptTemplate, resolveIspName } from './isp-name';

let db: OfflineDb;
beforeEach(() => {
	db = openOfflineDb(`isp-name-spec-${randomUUID()}`);
});
afterEach(async () => {
	await db.delete();
});

describe('resolveIspName', () => {
	it('reads the name the sync pull stored when the page brings none (offline)', async () => {
		await setMeta(db, 'isp', { name: 'Teluk Net' });
		expect(await resolveIspName(db, undefined)).toBe('Teluk Net');
	});

	it('prefers the page and remembers it for offline receipts', async () => {
		await setMeta(db, 'isp', { name: 'Old Net' });
		expect(await resolveIspName(db, 'Teluk Net')).toBe('Teluk Net');
		expect(await getMeta(db, 'isp')).toEqual({ name: 'Teluk Net' });
	});

	it('falls back to the product name before any pull', async () => {
		expect(await resolveIspName(db, '')).toBe('Lunas');
	});
});

describe('receiptTemplate', () => {
	it('is the one the last pull brought, kept when an online page renames the ISP', async () => {
		await setMeta(db, 'isp', { name: 'Old Net', receiptTemplate: 'Makasih {nama}!' });
		await resolveIspName(db, 'Teluk Net');
		expect(await getMeta(db, 'isp')).toEqual({ name: 'Teluk Net', receiptTemplate: 'Makasih {nama}!' });
		expect(await receiptTemplate(db)).toEqual({ text: 'Makasih {nama}!', language: 'id' });
	});

	it('is the default one on a phone last synced before templates came', async () => {
		await setMeta(db, 'isp', { name: 'Teluk Net' });
		expect(await receiptTemplate(db)).toEqual({ text: DEFAULT_TEMPLATES.receipt, language: 'id' });
	});

	it('carries the ISP’s customer-message language, and its default when no template came', async () => {
		await setMeta(db, 'isp', { name: 'Teluk Net', receiptTemplate: '', customerLanguage: 'en' });
		expect(await receiptTemplate(db)).toEqual({ text: DEFAULT_TEMPLATES_EN.receipt, language: 'en' });
	});
});
