import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/index';
import { users } from '../db/schema';
import type { Language } from '../../shared/domain';

/** The one place a user's language is saved; the session reads it at the next request. */
export async function saveLanguage(db: DbOrTx, userId: string, language: Language): Promise<void> {
	await db.update(users).set({ language }).where(eq(users.id, userId));
}
