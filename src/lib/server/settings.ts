import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from './db/index';
import { settings } from './db/schema';

/** Reads a JSON setting and validates it; a missing or stale-shaped value falls back to defaults. */
export async function readSetting<S extends z.ZodType>(db: DbOrTx, key: string, schema: S): Promise<z.output<S>> {
	const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).limit(1);
	const parsed = schema.safeParse(row?.value ?? {});
	return parsed.success ? parsed.data : schema.parse({});
}

export async function writeSetting(db: DbOrTx, key: string, value: unknown, userId: string | null): Promise<void> {
	await db
		.insert(settings)
		.values({ key, value, updatedBy: userId })
		.onDuplicateKeyUpdate({ set: { value, updatedBy: userId, updatedAt: new Date() } });
}
