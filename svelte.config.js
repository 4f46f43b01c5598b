import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Both overridable so two builds (e.g. parallel e2e runs) can live side by side.
		adapter: adapter({ out: process.env.LUNAS_BUILD_DIR ?? 'build' }),
		outDir: process.env.LUNAS_KIT_DIR ?? '.svelte-kit',
		version: { name: pkg.version },
		// Absolute /_app/… asset URLs: the service worker serves one cached /tech shell for every
		// /tech/* page offline, and relative ones would resolve against each page's own path.
		paths: { relative: false },
		// Form posts from the sign-in page are same-origin; keep SvelteKit's CSRF origin check on.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
