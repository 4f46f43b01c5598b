/**
 * Registers the service worker (built by pwa-config.js) from the technician shell, tells the shell
 * when a new version waits, and fills the offline shell caches once the worker controls the page.
 */
import { Workbox } from 'workbox-window';
import { dev } from '$app/environment';
import { DATA_CACHE, DATA_KEY, SHELL_CACHE, SHELL_KEY, WARM_HEADER } from './cache-names';

export type OfflineReadiness = 'checking' | 'ready' | 'not-ready' | 'unsupported';

class PwaStatus {
	/** A new version is installed and waits for the technician to accept it. */
	updateWaiting = $state(false);
	readiness = $state<OfflineReadiness>('checking');
}

export const pwa = new PwaStatus();

let workbox: Workbox | null = null;
const UPDATE_CHECK_MS = 60 * 60_000;

export async function registerServiceWorker(): Promise<void> {
	if (!('serviceWorker' in navigator) || !('caches' in window)) {
		pwa.readiness = 'unsupported';
		return;
	}
	// `vite dev` builds no worker.
	if (dev || workbox) return;
	workbox = new Workbox('/sw.js', { scope: '/' });
	workbox.addEventListener('waiting', () => {
		pwa.updateWaiting = true;
	});
	// First install: the worker claims this page (clientsClaim); now the shell can be stored through it.
	navigator.serviceWorker.addEventListener('controllerchange', () => void warmShell());
	try {
		await workbox.register();
	} catch {
		pwa.readiness = 'not-ready';
		return;
	}
	if (navigator.serviceWorker.controller) await warmShell();
	else await checkReadiness();
	setInterval(() => {
		if (navigator.onLine) void workbox?.update();
	}, UPDATE_CHECK_MS);
}

/** Activates the waiting version and reloads onto it. */
export function applyUpdate(): void {
	if (!workbox) return;
	workbox.addEventListener('controlling', () => window.location.reload());
	workbox.messageSkipWaiting();
}

/**
 * Fetches the /tech shell and the root layout's data through the worker, which keeps them for
 * offline starts (a navigation would too; this covers the first visit, made before the worker).
 */
async function warmShell(): Promise<void> {
	if (navigator.onLine) {
		await Promise.all([
			fetch(SHELL_KEY, { headers: { [WARM_HEADER]: 'shell' }, credentials: 'same-origin' }),
			fetch(DATA_KEY, { credentials: 'same-origin' })
		]).catch(() => undefined);
	}
	await checkReadiness();
}

/** Looks again (the device screen asks when it opens). */
export async function checkReadiness(): Promise<void> {
	if (pwa.readiness === 'unsupported' || !('caches' in window)) return;
	const [shell, data] = await Promise.all([
		caches.match(SHELL_KEY, { cacheName: SHELL_CACHE }),
		caches.match(DATA_KEY, { cacheName: DATA_CACHE })
	]);
	pwa.readiness = navigator.serviceWorker.controller && shell && data ? 'ready' : 'not-ready';
}

/**
 * On signing out: the kept shell data names the signed-in technician, and offline it would open
 * the app as them. The phone's own data (and its outbox) stays in Dexie for their next sign-in.
 */
export async function forgetOfflineShell(): Promise<void> {
	if (!('caches' in window)) return;
	await Promise.all([caches.delete(SHELL_CACHE), caches.delete(DATA_CACHE)]);
	pwa.readiness = 'not-ready';
}
