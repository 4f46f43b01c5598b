import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['src', 'static', 'drizzle', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];

function newestMtime(p: string): number {
	if (!existsSync(p)) return 0;
	const st = statSync(p);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const entry of readdirSync(p)) {
		if (entry === 'node_modules' || entry.startsWith('.')) continue;
		newest = Math.max(newest, newestMtime(path.join(p, entry)));
	}
	return newest;
}

/** Runs `vite build` unless build/ is newer than every source file. */
export function buildIfStale(projectDir: string, log: (line: string) => void = console.log): void {
	const built = path.join(projectDir, 'build', 'index.js');
	const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
	const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(projectDir, s))));
	if (builtAt > sourcesAt) return;
	log('Building Lunas (vite build)…');
	const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: projectDir, stdio: 'inherit' });
	if (result.status !== 0) throw new Error('vite build failed');
}
