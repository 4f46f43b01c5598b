import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { auditLog, settings } from '../../db/schema';
import { BACKUP_SCHEDULE_KEY } from '../../../shared/schemas/backup';
import type { SessionUser } from '../../auth/session';
import { DomainError } from '../../errors';
import { translateDomainError } from '../trpc';
import { translator, type Translator } from '../../../shared/i18n/index';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let admin: SessionUser;
let office: SessionUser;
let tech: SessionUser;

beforeAll(async () => {
	t = await createTestDatabase();
	[admin, office, tech] = await Promise.all([makeUser('admin'), makeUser('office'), makeUser('technician')]);
});
afterAll(async () => t?.drop());

describe('backup procedures', () => {
	it('let the office read the backup status, and nobody else', async () => {
		expect(await callerAs(office).backup.status()).toMatchObject({ configured: false, last: null, stale: true });
		expect((await errorOf(callerAs(tech).backup.status())).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(null).backup.status())).code).toBe('UNAUTHORIZED');
	});

	it('let only an admin set the schedule, audited, and refuse a bad time naming the field, changing nothing', async () => {
		expect((await errorOf(callerAs(office).backup.saveSchedule({ enabled: false, at: '04:00' }))).code).toBe('FORBIDDEN');
		for (const at of ['24:00', '4:00', '04:60', '', 'jam dua']) {
			const err = await errorOf(callerAs(admin, 'en').backup.saveSchedule({ enabled: true, at }));
			expect(err.code).toBe('BAD_REQUEST');
			expect(Object.keys(fieldErrorsOf(err, 'en'))).toEqual(['at']);
		}
		expect(await t.db.select().from(settings).where(eq(settings.key, BACKUP_SCHEDULE_KEY))).toEqual([]);

		await callerAs(admin).backup.saveSchedule({ enabled: false, at: '04:15' });
		expect((await callerAs(office).backup.status()).schedule).toEqual({ enabled: false, at: '04:15' });
		const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'settings.backupSchedule'));
		expect(entry).toMatchObject({ userId: admin.id, entityId: BACKUP_SCHEDULE_KEY });
	});

	it('refuse "back up now" without a BACKUP_KEY with a message in the caller\'s language', async () => {
		expect((await errorOf(callerAs(office).backup.runNow())).code).toBe('FORBIDDEN');
		// As the tRPC edge translates it for the browser.
		const said = (err: { cause?: unknown }, tr: Translator) => translateDomainError(err.cause as DomainError, tr).message;
		const err = await errorOf(callerAs(admin).backup.runNow());
		expect(err.code).toBe('CONFLICT');
		expect(err.cause).toBeInstanceOf(DomainError);
		expect(said(err, translator('id'))).toBe('Cadangan belum diatur: BACKUP_KEY belum diisi di server.');
		expect(said(err, translator('en'))).toBe('Backups are not set up: BACKUP_KEY is not set on the server.');
	});
});
