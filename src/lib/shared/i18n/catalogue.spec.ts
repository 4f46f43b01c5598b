import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translate } from './index';
import { id } from './id';
import { featureMessages } from './messages/index';

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return sourceFiles(full);
		return /\.(ts|svelte)$/.test(name) && !name.endsWith('.spec.ts') ? [full] : [];
	});
}

describe('message catalogue', () => {
	const known = new Set([...Object.keys(id), ...Object.keys(featureMessages.id)]);

	it('has every validation and error key the code uses, in both languages', () => {
		const used = new Set<string>();
		for (const file of sourceFiles(path.resolve('src'))) {
			// Keys reach the catalogue through t('…') and zod's { message: '…' }.
			for (const m of readFileSync(file, 'utf8').matchAll(/(?:\bt\(\s*|message:\s*)['"`]([a-z]+\.[A-Za-z.]+)['"`]/g)) used.add(m[1]);
		}
		const missing = [...used].filter((k) => !known.has(k));
		expect(missing).toEqual([]);
		for (const key of used) {
			expect(translate('en', key as never)).not.toBe(key);
			expect(translate('id', key as never)).not.toBe(key);
		}
	});

	it('feature files do not silently override core keys', () => {
		const overlap = Object.keys(featureMessages.id).filter((k) => k in id);
		expect(overlap).toEqual([]);
	});

	it('no two feature files define the same key (the later spread would silently win)', async () => {
		const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'messages');
		const owners = new Map<string, string[]>();
		for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.spec.ts'))) {
			const mod = (await import(/* @vite-ignore */ path.join(dir, file))) as Record<string, { id?: Record<string, string>; en?: Record<string, string> }>;
			for (const messages of Object.values(mod)) {
				for (const key of new Set([...Object.keys(messages?.id ?? {}), ...Object.keys(messages?.en ?? {})])) owners.set(key, [...(owners.get(key) ?? []), file]);
			}
		}
		expect(owners.size).toBeGreaterThan(500);
		expect([...owners].filter(([, files]) => files.length > 1).map(([key, files]) => `${key}: ${files.join(', ')}`)).toEqual([]);
	});
});
