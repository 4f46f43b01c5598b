import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from './audit-actions';
import { translate, type MessageKey } from './i18n/index';

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
	});
}

describe('audit actions', () => {
	it('has words for every action, in both languages', () => {
		for (const action of AUDIT_ACTIONS) {
			const key = `history.${action}` as MessageKey;
			expect([action, translate('id', key)]).not.toEqual([action, key]);
			expect([action, translate('en', key)]).not.toEqual([action, key]);
		}
	});

	it('lists every action the server writes', () => {
		const written = new Set<string>();
		for (const file of sources('src/lib/server')) {
			for (const line of readFileSync(file, 'utf8').split('\n')) {
				if (!/\baction\b/.test(line)) continue;
				for (const m of line.matchAll(/'([a-z][a-zA-Z]*\.[a-zA-Z.]+)'/g)) written.add(m[1]);
				// `${cat.entity}.create` for areas and packages; `task.${input.task}` for the runs.
				for (const m of line.matchAll(/`\$\{cat\.entity\}\.(\w+)`/g)) for (const entity of ['area', 'package']) written.add(`${entity}.${m[1]}`);
				if (line.includes('`task.${input.task}`')) for (const task of ['billing', 'overdue']) written.add(`task.${task}`);
			}
		}
		expect(written.size).toBeGreaterThan(40);
		expect([...written].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
	});
});
