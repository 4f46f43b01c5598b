/**
 * Which backups to keep: the newest of each of the last `daily` UTC days that have a backup, and
 * the newest of each of the last `weekly` ISO weeks that have one; everything else made by Lunas
 * goes. Only names Lunas writes are considered, so nothing else in the directory is ever removed.
 */

const NAME = /^lunas-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.sql\.gz\.enc$/;

/** `lunas-20261207T020000Z.sql.gz.enc`: UTC, sortable, no characters a file system minds. */
export function backupFileName(at: Date): string {
	const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
	return `lunas-${iso}.sql.gz.enc`;
}

export function backupTimeOf(name: string): Date | null {
	const m = NAME.exec(name);
	if (!m) return null;
	const [, y, mo, d, h, mi, s] = m;
	const at = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
	// Date.UTC rolls month 13 into January: a name that does not read back the same is not ours.
	return backupFileName(at) === name ? at : null;
}

/** The ISO week of a UTC day, as "2026-W49". */
function isoWeek(at: Date): string {
	const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
	const day = d.getUTCDay() || 7;
	d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of this week decides its year
	const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
	const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
	return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function backupsToDelete(names: string[], keep: { daily: number; weekly: number }): string[] {
	const dated = names
		.map((name) => ({ name, at: backupTimeOf(name) }))
		.filter((b): b is { name: string; at: Date } => b.at !== null)
		.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.name < b.name ? 1 : -1));
	const kept = new Set<string>();
	const pick = (bucket: (at: Date) => string, count: number) => {
		const seen = new Set<string>();
		for (const b of dated) {
			const key = bucket(b.at);
			if (seen.has(key)) continue;
			if (seen.size >= count) break;
			seen.add(key);
			kept.add(b.name);
		}
	};
	pick((at) => at.toISOString().slice(0, 10), keep.daily);
	pick(isoWeek, keep.weekly);
	return dated.filter((b) => !kept.has(b.name)).map((b) => b.name);
}
