/**
 * Which built files the technician app's service worker precaches: the shell (SvelteKit's start
 * and app entries, the root layout and error page) and the /tech pages, with every chunk, style
 * sheet and asset they import — not the office's pages, which a phone never opens offline and
 * which made the first install take seconds (issue #15).
 *
 * Runs in Node at build time as a Workbox `manifestTransforms` entry, reading Vite's manifest of
 * the client build. Plain JS, like pwa-config.js, so vite.config.ts can import it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const GENERATED_NODE = /(?:^|\/)generated\/client[^/]*\/nodes\/(\d+)\.js$/;
/** Root layout and root error page: every /tech page renders inside them. */
const SHELL_NODES = new Set(['0', '1']);

/**
 * @typedef {{ file: string, src?: string, isEntry?: boolean, imports?: string[], dynamicImports?: string[], css?: string[], assets?: string[] }} ViteChunk
 */

/**
 * The set of client file paths (relative to the client output, e.g. `_app/immutable/…`) the
 * technician app needs.
 * @param {Record<string, ViteChunk>} manifest Vite's `.vite/manifest.json`
 * @param {(node: string) => boolean} isTechNode whether SvelteKit's route node N belongs to /tech
 * @returns {Set<string>}
 */
export function techFiles(manifest, isTechNode) {
	/** @type {Set<string>} */
	const files = new Set();
	/** @type {Set<string>} */
	const seen = new Set();
	/** @param {string} key @param {boolean} followDynamic */
	const visit = (key, followDynamic) => {
		if (seen.has(key) || !manifest[key]) return;
		seen.add(key);
		const chunk = manifest[key];
		files.add(chunk.file);
		for (const f of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(f);
		for (const k of chunk.imports ?? []) visit(k, true);
		// The app entry imports every route node lazily; only the pages' own lazy imports are followed.
		if (followDynamic) for (const k of chunk.dynamicImports ?? []) visit(k, true);
	};
	for (const [key, chunk] of Object.entries(manifest)) {
		if (!chunk.isEntry) continue;
		const node = key.match(GENERATED_NODE);
		const id = node ? node[1] : null;
		if (id === null) visit(key, false);
		else if (SHELL_NODES.has(id) || isTechNode(id)) visit(key, true);
	}
	return files;
}

/**
 * A Workbox manifest transform keeping what the technician app needs, plus every file outside
 * `_app/` (icons, favicon). It also does what @vite-pwa/sveltekit's own transform does (which a
 * custom one replaces): URLs without the `client/` prefix, the web manifest left out.
 * @param {string} kitOut SvelteKit's outDir, absolute
 * @returns {(entries: Array<{ url: string, size: number, revision: string | null }>) => { manifest: Array<{ url: string, size: number, revision: string | null }>, warnings: string[] }}
 */
export function techPrecacheTransform(kitOut) {
	return (entries) => {
		const manifestPath = resolve(kitOut, 'output/client/.vite/manifest.json');
		const nodesDir = resolve(kitOut, 'generated/client-optimized/nodes');
		const isTechNode = (/** @type {string} */ id) => {
			const path = resolve(nodesDir, `${id}.js`);
			return existsSync(path) && /src\/routes\/tech[/+]/.test(readFileSync(path, 'utf8'));
		};
		const keep = techFiles(JSON.parse(readFileSync(manifestPath, 'utf8')), isTechNode);
		const manifest = entries
			.map((e) => ({ ...e, url: e.url.startsWith('client/') ? e.url.slice('client/'.length) : e.url }))
			.filter((e) => e.url !== 'manifest.webmanifest' && (!e.url.startsWith('_app/') || keep.has(e.url)));
		// A shell without its start entry would not run at all: better no worker change than a broken one.
		if (![...keep].some((f) => manifest.some((e) => e.url === f))) throw new Error('tech precache: no entry of the technician app found');
		return { manifest, warnings: [] };
	};
}
