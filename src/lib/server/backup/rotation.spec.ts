import { describe, expect, it } from 'vitest';
import { backupFileName, backupsToDelete, backupTimeOf } from './rotation';

/** One backup a day at 02:00 UTC for `days` days ending on 2026-12-07 (a Monday), newest first. */
function daily(days: number): string[] {
	return Array.from({ length: days }, (_, i) => backupFileName(new Date(Date.UTC(2026, 11, 7 - i, 2, 0, 0))));
}

describe('backup rotation', () => {
	it('names files by UTC time and reads the time back', () => {
		const at = new Date('2026-12-07T02:03:04.567Z');
		expect(backupFileName(at)).toBe('lunas-20261207T020304Z.sql.gz.enc');
		expect(backupTimeOf(backupFileName(at))).toEqual(new Date('2026-12-07T02:03:04Z'));
		expect(backupTimeOf('lunas-20261307T020304Z.sql.gz.enc')).toBeNull();
		expect(backupTimeOf('notes.txt')).toBeNull();
	});

	it('keeps the newest of each of the last N days and of each of the last M ISO weeks', () => {
		const names = daily(60);
		const doomed = new Set(backupsToDelete(names, { daily: 7, weekly: 4 }));
		const kept = names.filter((n) => !doomed.has(n));
		// 7 days (1–7 Dec) plus the newest of the three earlier weeks (Sundays 29 Nov, 22 Nov, 15 Nov);
		// the week of 30 Nov–6 Dec is already kept by its daily backups.
		expect(kept).toEqual([
			'lunas-20261207T020000Z.sql.gz.enc',
			'lunas-20261206T020000Z.sql.gz.enc',
			'lunas-20261205T020000Z.sql.gz.enc',
			'lunas-20261204T020000Z.sql.gz.enc',
			'lunas-20261203T020000Z.sql.gz.enc',
			'lunas-20261202T020000Z.sql.gz.enc',
			'lunas-20261201T020000Z.sql.gz.enc',
			'lunas-20261129T020000Z.sql.gz.enc',
			'lunas-20261122T020000Z.sql.gz.enc'
		]);
		expect(doomed.size).toBe(60 - kept.length);
	});

	it('keeps only the newest of several backups on one day, and never touches other files', () => {
		const names = [
			'lunas-20261207T020000Z.sql.gz.enc',
			'lunas-20261207T140000Z.sql.gz.enc',
			'lunas-20261207T090000Z.sql.gz.enc',
			'lunas-20261207T090000Z.sql.gz.enc.partial',
			'README',
			'lunas-20261206T020000Z.sql.gz.enc'
		];
		expect(backupsToDelete(names, { daily: 2, weekly: 0 }).sort()).toEqual(['lunas-20261207T020000Z.sql.gz.enc', 'lunas-20261207T090000Z.sql.gz.enc']);
		expect(backupsToDelete([], { daily: 1, weekly: 1 })).toEqual([]);
	});

	it('bridges a gap: after a month without backups the older ones are still kept', () => {
		const names = [...daily(3), ...daily(40).slice(36)];
		expect(backupsToDelete(names, { daily: 7, weekly: 0 })).toEqual([]);
	});
});
