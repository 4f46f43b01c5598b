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
		csrf: { trustedOrigins: [] },
		// A Content-Security-Policy on every page: SvelteKit puts a nonce on its own scripts ('auto'),
		// nothing else runs. Inline style attributes are allowed (SSR renders style: directives as
		// attributes). The pay page adds its inline script's hash and the Snap origin in
		// hooks.server.ts (http/security-headers.ts), which also sets the other security headers.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'frame-src': ['none'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
