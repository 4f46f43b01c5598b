/**
 * The write rules areas and packages share. Both are cached by phones (version + soft delete), both
 * have a UNIQUE name that a soft-deleted row keeps, and every change is audited. So:
 * - create: a deleted row holding the name comes back (same id) instead of the name being refused;
 * - update: a name held by another row is refused on the name field, saying whether it is deleted;
 * - delete: soft, refused while the row is in use (the table says what "in use" means).
 * Each write is one transaction that takes its sync version first: writers of cached tables queue
 * on that lock, so the checks read rows committed before them.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, ne, type SQL } from 'drizzle-orm';
import type { AnyMySqlColumn, MySqlTable } from 'drizzle-orm/mysql-core';
import type { Db, DbOrTx, Tx } from '../db/index';
import { nextVersion } from '../db/version';
import { isDuplicateKey } from '../db/errors';
import { audit } from '../audit';
import { FieldValidationError } from '../trpc/trpc';
import type { Actor } from '../trpc/actor';
import { notFound } from './access';

interface NamedTable {
	table: MySqlTable;
	columns: { id: AnyMySqlColumn; name: AnyMySqlColumn; deletedAt: AnyMySqlColumn };
}

export interface NamedCatalogue<F extends { name: string }, R extends F & { id: string }> extends NamedTable {
	/** The audit trail's entity name, also the action prefix (`area.create`). */
	entity: string;
	/** The UNIQUE key on the name, for the race two creates could still lose. */
	nameKey: string;
	/** The live row, or undefined. */
	find(db: DbOrTx, id: string): Promise<R | undefined>;
	insert(tx: Tx, row: F & { id: string; version: number }): Promise<unknown>;
	write(tx: Tx, id: string, values: Partial<F> & { version: number; deletedAt?: Date | null }): Promise<unknown>;
	/** Refuses fields that point at rows which are gone (throws FieldValidationError); runs inside the write. */
	check?(tx: Tx, fields: F, actor: Actor): Promise<void>;
	/** What the audit trail keeps of the row: every field the office edits. */
	snapshot(fields: F): Record<string, unknown>;
	/** Work an update does besides writing the row, in its transaction (a package's router profile push). */
	onUpdate?(tx: Tx, id: string, before: R, fields: F, version: number, actor: Actor): Promise<Record<string, number>>;
	/** Why the row cannot be deleted now, or null. */
	refuseDelete(tx: Tx, id: string, actor: Actor): Promise<FieldValidationError | null>;
	/** Work a delete does besides marking the row; what it returns joins the audit's `before`. */
	onDelete?(tx: Tx, id: string): Promise<Record<string, unknown>>;
}

interface NameHolder {
	id: string;
	deleted: boolean;
}

async function nameHolder(db: DbOrTx, cat: NamedTable, name: string, exceptId?: string): Promise<NameHolder | null> {
	const { id, name: nameColumn, deletedAt } = cat.columns;
	const where: SQL | undefined = exceptId ? and(eq(nameColumn, name), ne(id, exceptId)) : eq(nameColumn, name);
	const [row] = await db.select({ id, deletedAt }).from(cat.table).where(where).limit(1);
	return row ? { id: String(row.id), deleted: row.deletedAt !== null } : null;
}

function nameTaken(holder: NameHolder, actor: Actor): FieldValidationError {
	return new FieldValidationError({ name: [actor.t(holder.deleted ? 'validation.takenDeleted' : 'validation.taken')] });
}

/** Only rows a caller may see: unknown and deleted ids are NOT_FOUND. */
export async function liveRow<F extends { name: string }, R extends F & { id: string }>(db: DbOrTx, cat: NamedCatalogue<F, R>, id: string, actor: Actor): Promise<R> {
	const row = await cat.find(db, id);
	if (!row) throw notFound(actor);
	return row;
}

/** `isNull(deletedAt)` and `id = ?`: the condition `find` implementations share. */
export function liveById(cat: NamedTable, id: string): SQL | undefined {
	return and(eq(cat.columns.id, id), isNull(cat.columns.deletedAt));
}

export async function createNamed<F extends { name: string }, R extends F & { id: string }>(db: Db, cat: NamedCatalogue<F, R>, fields: F, actor: Actor): Promise<{ id: string }> {
	const entry = { userId: actor.userId, entity: cat.entity, ipAddress: actor.ipAddress };
	try {
		return await db.transaction(async (tx) => {
			const version = await nextVersion(tx);
			await cat.check?.(tx, fields, actor);
			const holder = await nameHolder(tx, cat, fields.name);
			if (holder && !holder.deleted) throw nameTaken(holder, actor);
			if (holder) {
				const [before] = await tx.select().from(cat.table).where(eq(cat.columns.id, holder.id));
				await cat.write(tx, holder.id, { ...fields, deletedAt: null, version });
				await audit(tx, { ...entry, action: `${cat.entity}.restore`, entityId: holder.id, before: cat.snapshot(before as F), after: cat.snapshot(fields) });
				return { id: holder.id };
			}
			const id = randomUUID();
			await cat.insert(tx, { ...fields, id, version });
			await audit(tx, { ...entry, action: `${cat.entity}.create`, entityId: id, after: cat.snapshot(fields) });
			return { id };
		});
	} catch (err) {
		if (isDuplicateKey(err, cat.nameKey)) throw new FieldValidationError({ name: [actor.t('validation.taken')] });
		throw err;
	}
}

/** Answers what the table's onUpdate reports (counts of the work it queued), else nothing. */
export async function updateNamed<F extends { name: string }, R extends F & { id: string }>(db: Db, cat: NamedCatalogue<F, R>, id: string, fields: F, actor: Actor): Promise<Record<string, number>> {
	return db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const before = await liveRow(tx, cat, id, actor);
		await cat.check?.(tx, fields, actor);
		const holder = await nameHolder(tx, cat, fields.name, id);
		if (holder) throw nameTaken(holder, actor);
		await cat.write(tx, id, { ...fields, version });
		const queued = (await cat.onUpdate?.(tx, id, before, fields, version, actor)) ?? {};
		await audit(tx, { userId: actor.userId, action: `${cat.entity}.update`, entity: cat.entity, entityId: id, before: cat.snapshot(before), after: cat.snapshot(fields), ipAddress: actor.ipAddress });
		return queued;
	});
}

export async function deleteNamed<F extends { name: string }, R extends F & { id: string }>(db: Db, cat: NamedCatalogue<F, R>, id: string, actor: Actor): Promise<void> {
	await db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const before = await liveRow(tx, cat, id, actor);
		const refusal = await cat.refuseDelete(tx, id, actor);
		if (refusal) throw refusal;
		const extra = (await cat.onDelete?.(tx, id)) ?? {};
		await cat.write(tx, id, { deletedAt: new Date(), version } as Partial<F> & { version: number; deletedAt: Date });
		await audit(tx, { userId: actor.userId, action: `${cat.entity}.delete`, entity: cat.entity, entityId: id, before: { ...cat.snapshot(before), ...extra }, ipAddress: actor.ipAddress });
	});
}
