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
		/** Actions written from a template, and what each can become. A new template must be added here. */
		const TEMPLATES: Record<string, string[]> = {
			'`${cat.entity}.restore`': ['area.restore', 'package.restore'],
			'`${cat.entity}.create`': ['area.create', 'package.create'],
			'`${cat.entity}.update`': ['area.update', 'package.update'],
			'`${cat.entity}.delete`': ['area.delete', 'package.delete'],
			'`task.${input.task}`': ['task.billing', 'task.overdue'],
			'`whatsapp.${action}`': ['whatsapp.retry', 'whatsapp.cancel', 'whatsapp.markSent']
		};
		const written = new Set<string>();
		const unknownTemplates: string[] = [];
		for (const file of sources('src/lib/server')) {
			for (const line of readFileSync(file, 'utf8').split('\n')) {
				const at = line.search(/\baction: /);
				if (at < 0) continue;
				const value = line.slice(at + 'action: '.length);
				for (const m of value.matchAll(/'([a-z][a-zA-Z]*\.[a-zA-Z.]+)'/g)) written.add(m[1]);
				const template = /^`[^`]*\$\{[^`]*`/.exec(value)?.[0];
				if (template) {
					if (TEMPLATES[template]) for (const a of TEMPLATES[template]) written.add(a);
					else unknownTemplates.push(`${file}: ${template}`);
				}
			}
		}
		expect(unknownTemplates).toEqual([]);
		expect(written.size).toBeGreaterThan(40);
		expect([...written].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
	});
});
