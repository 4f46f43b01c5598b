/**
 * The service worker, built by @vite-pwa/sveltekit (Workbox generateSW) from vite.config.ts.
 *
 * - Precache: the technician app's JS/CSS (its pages, the shell and what they import — not the
 *   office's, see tech-precache.js) and the icons, so the technician screens start with no
 *   network (cache-first, replaced as a whole by the next version).
 * - /tech pages render in the browser only (ssr = false in src/routes/tech/+layout.ts), so the
 *   server's HTML for any /tech URL is the same empty shell: it is kept under one key, refreshed
 *   network-first on every online visit, and served for every /tech/* navigation offline.
 * - SvelteKit asks `…/__data.json` for the root layout's server data (the signed-in user, the
 *   language); under /tech no other server load exists, so the last good answer stands in for all
 *   of them offline.
 * - /api/trpc is never matched: sync calls always go to the network, and fail when offline.
 * - A new version waits until the technician accepts the "update available" prompt
 *   (src/lib/client/pwa/registration.ts sends SKIP_WAITING); never Background Sync.
 *
 * Route matchers and plugins are copied into the worker as source text: they must not use
 * anything from this module's scope.
 */
import { resolve } from 'node:path';
import { techPrecacheTransform } from './tech-precache.js';

// Plain JS (like svelte.config.js) so vite.config.ts imports it with its extension. Must match
// cache-names.ts, which the page uses to check the caches.
const SHELL_CACHE = 'lunas-tech-shell';
const DATA_CACHE = 'lunas-tech-data';

/**
 * @param {string} kitDir SvelteKit's outDir (LUNAS_KIT_DIR or .svelte-kit)
 * @returns {Partial<import('@vite-pwa/sveltekit').SvelteKitPWAOptions>}
 */
export function pwaOptions(kitDir) {
	const kitOut = resolve(kitDir);
	return {
		strategies: 'generateSW',
		registerType: 'prompt',
		injectRegister: false,
		// static/manifest.webmanifest is the manifest; icons live in static/icons/.
		manifest: false,
		filename: 'sw.js',
		// The plugin reads the worker back from <kit dir>/output/server; keep both on LUNAS_KIT_DIR.
		outDir: resolve(kitOut, 'output'),
		kit: { outDir: kitOut },
		// Keys, paths and the warm-up header below are literals because the functions are copied
		// into the worker as text; they must match cache-names.ts.
		workbox: {
			swDest: resolve(kitOut, 'output/server/sw.js'),
			navigateFallback: null,
			// Only the built client (there are no prerendered pages); a set modifyURLPrefix keeps the
			// plugin from adding a prerendered/** pattern that matches nothing and warns on every build.
			globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest}'],
			modifyURLPrefix: {},
			manifestTransforms: [techPrecacheTransform(kitOut)],
			clientsClaim: true,
			skipWaiting: false,
			cleanupOutdatedCaches: true,
			runtimeCaching: [
				{
					urlPattern: ({ request, url }) =>
						(url.pathname === '/tech' || url.pathname.startsWith('/tech/')) &&
						!url.pathname.endsWith('/__data.json') &&
						(request.mode === 'navigate' || request.headers.get('x-lunas-warm') === 'shell'),
					handler: 'NetworkFirst',
					options: {
						cacheName: SHELL_CACHE,
						networkTimeoutSeconds: 5,
						plugins: [
							{
								cacheKeyWillBeUsed: async () => '/tech',
								// Only the real shell: not a redirect to /login, not an error page.
								/** @param {{ response: Response }} args */
								cacheWillUpdate: async ({ response }) =>
									response.status === 200 && !response.redirected && (response.headers.get('content-type') ?? '').includes('text/html')
										? response
										: null
							}
						]
					}
				},
				{
					urlPattern: ({ url }) =>
						(url.pathname === '/tech/__data.json' || url.pathname.startsWith('/tech/')) && url.pathname.endsWith('/__data.json'),
					handler: 'NetworkFirst',
					options: {
						cacheName: DATA_CACHE,
						networkTimeoutSeconds: 5,
						plugins: [
							{
								cacheKeyWillBeUsed: async () => '/tech/__data.json',
								// Keep only an answer that carries the root layout's data (not "skip", not a redirect).
								/** @param {{ response: Response }} args */
								cacheWillUpdate: async ({ response }) => {
									if (response.status !== 200) return null;
									try {
										const body = await response.clone().json();
										return body?.type === 'data' && body.nodes?.[0]?.type === 'data' ? response : null;
									} catch {
										return null;
									}
								}
							}
						]
					}
				}
			]
		}
	};
}
