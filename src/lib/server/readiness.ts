/**
 * "Up" versus "ready". /api/health answers as soon as the process does (and says whether the
 * database answers); /api/health/ready answers 200 only when this instance can do its work: its
 * start-up finished (database migrated, settings applied, scheduler, monitor and job worker
 * started), it is not shutting down, the database answers and holds every migration this build
 * ships. A load balancer sends traffic only to ready instances and stops before one goes away.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from './db/index';

type Phase = 'starting' | 'started' | 'stopping';
const holder = globalThis as unknown as { lunasPhase?: Phase };

export function markStarted(): void {
	holder.lunasPhase = 'started';
}

export function markStopping(): void {
	holder.lunasPhase = 'stopping';
}

export function currentPhase(): Phase {
	return holder.lunasPhase ?? 'starting';
}

/** The newest migration this build ships (drizzle's journal `when`, stored as created_at). */
const latestShipped = new Map<string, Promise<number>>();
function latestMigrationOf(dir: string): Promise<number> {
	let p = latestShipped.get(dir);
	if (!p) {
		p = readFile(path.resolve(dir, 'meta', '_journal.json'), 'utf8').then((text) => {
			const entries = (JSON.parse(text) as { entries: Array<{ when: number }> }).entries;
			return Math.max(0, ...entries.map((e) => e.when));
		});
		p.catch(() => latestShipped.delete(dir));
		latestShipped.set(dir, p);
	}
	return p;
}

export interface Readiness {
	ready: boolean;
	phase: Phase;
	database: { reachable: boolean; error?: string };
	migrations: { applied: boolean; error?: string };
}

const TIMEOUT_MS = 2000;

/** The driver's error code, whether drizzle wrapped the error or not. */
function driverCode(err: unknown): string | undefined {
	for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 3; e = e.cause as typeof e, i++) {
		if (typeof e.code === 'string') return e.code;
	}
	return undefined;
}

function withTimeout<T>(p: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout>;
	return Promise.race([
		p.finally(() => clearTimeout(timer)),
		new Promise<T>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
		})
	]);
}

export async function checkReadiness(db: Db, migrationsDir: string, phase: Phase = currentPhase()): Promise<Readiness> {
	const out: Readiness = { ready: false, phase, database: { reachable: false }, migrations: { applied: false } };
	try {
		const [rows] = (await withTimeout(db.execute(sql`SELECT MAX(created_at) AS latest FROM __drizzle_migrations`))) as unknown as [Array<{ latest: number | string | null }>];
		out.database.reachable = true;
		const applied = Number(rows[0]?.latest ?? 0);
		const shipped = await latestMigrationOf(migrationsDir);
		out.migrations.applied = applied >= shipped;
		if (!out.migrations.applied) out.migrations.error = 'the database is missing migrations this version ships (run npm run db:migrate)';
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		// A reachable database without drizzle's table has never been migrated.
		if (driverCode(err) === 'ER_NO_SUCH_TABLE') {
			out.database.reachable = true;
			out.migrations.error = 'the database has not been migrated';
		} else {
			out.database.error = message;
		}
	}
	out.ready = phase === 'started' && out.database.reachable && out.migrations.applied;
	return out;
}
