import { describe, expect, it } from 'vitest';
import { techFiles } from './tech-precache.js';

// A Vite manifest shaped like SvelteKit's client build: two entries, the root nodes, one /tech
// page and one office page, sharing a chunk.
const manifest = {
	'node_modules/@sveltejs/kit/src/runtime/client/entry.js': { file: '_app/immutable/entry/start.js', isEntry: true, imports: ['_shared.js'] },
	'.svelte-kit/generated/client-optimized/app.js': {
		file: '_app/immutable/entry/app.js',
		isEntry: true,
		imports: ['_shared.js'],
		dynamicImports: ['.svelte-kit/generated/client-optimized/nodes/0.js', '.svelte-kit/generated/client-optimized/nodes/7.js', '.svelte-kit/generated/client-optimized/nodes/9.js']
	},
	'.svelte-kit/generated/client-optimized/nodes/0.js': { file: '_app/immutable/nodes/0.js', isEntry: true, css: ['_app/immutable/assets/0.css'] },
	'.svelte-kit/generated/client-optimized/nodes/7.js': { file: '_app/immutable/nodes/7.js', isEntry: true, imports: ['_shared.js', '_dexie.js'], dynamicImports: ['_lazy.js'] },
	'.svelte-kit/generated/client-optimized/nodes/9.js': { file: '_app/immutable/nodes/9.js', isEntry: true, imports: ['_shared.js', '_charts.js'], css: ['_app/immutable/assets/9.css'] },
	'_shared.js': { file: '_app/immutable/chunks/shared.js' },
	'_dexie.js': { file: '_app/immutable/chunks/dexie.js' },
	'_lazy.js': { file: '_app/immutable/chunks/lazy.js' },
	'_charts.js': { file: '_app/immutable/chunks/charts.js' }
};

describe('technician precache', () => {
	it('keeps the entries, the root layout and the /tech pages with what they import, not office pages', () => {
		const files = techFiles(manifest, (node) => node === '7');
		expect([...files].sort()).toEqual([
			'_app/immutable/assets/0.css',
			'_app/immutable/chunks/dexie.js',
			'_app/immutable/chunks/lazy.js',
			'_app/immutable/chunks/shared.js',
			'_app/immutable/entry/app.js',
			'_app/immutable/entry/start.js',
			'_app/immutable/nodes/0.js',
			'_app/immutable/nodes/7.js'
		]);
	});
});
