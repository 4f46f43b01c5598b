/**
 * How much the technician app's service worker precaches on first install (issue #15): files and
 * bytes in the built worker's precache list, against everything the old rule (every built JS/CSS
 * file and the icons) would have precached from the same build. Run after `npx vite build`.
 *
 *   npx tsx bench/tech-precache.ts
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const clientDir = resolve(process.env.LUNAS_KIT_DIR ?? '.svelte-kit', 'output/client');
const worker = readFileSync(join(clientDir, 'sw.js'), 'utf8');
const precached = [...worker.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]);

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (name === '.vite') return [];
		return statSync(path).isDirectory() ? walk(path) : [relative(clientDir, path)];
	});
}
// The rule before: every JS/CSS file of the client build and the images (the glob of pwa-config.js).
const everything = walk(clientDir).filter((f) => /\.(js|css|ico|png|svg|webp)$/.test(f) && f !== 'sw.js' && !/^workbox-/.test(f));

const bytes = (files: string[]) => files.reduce((sum, f) => sum + statSync(join(clientDir, f)).size, 0);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const now = { files: precached.length, bytes: bytes(precached) };
const before = { files: everything.length, bytes: bytes(everything) };
console.log(`all client files (old rule): ${before.files} files, ${kib(before.bytes)}`);
console.log(`technician precache        : ${now.files} files, ${kib(now.bytes)}`);
console.log(`ratio                      : ${(now.files / before.files).toFixed(2)} of the files, ${(now.bytes / before.bytes).toFixed(2)} of the bytes`);
