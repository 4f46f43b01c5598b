/**
 * Starts the technician app in the browser: the sync transport, whose data this phone holds, the
 * sync triggers (start, `online`, a timer, the app coming back to the foreground — each new
 * operation triggers one itself), persistent storage and the service worker.
 */
import { offlineDb } from './db';
import { requestSync, setSyncTransport, syncEngine, SYNC_INTERVAL_MS, type SyncTransport } from './engine';
import { bindToUser, type ShellUser } from './session';
import { askPersistenceOnce } from './persistence';
import { registerServiceWorker } from '$lib/client/pwa/registration.svelte';

async function trpcTransport(): Promise<SyncTransport> {
	const { trpc } = await import('$lib/client/trpc');
	return {
		push: (input) => trpc.sync.push.mutate(input),
		pull: (input) => trpc.sync.pull.query(input)
	};
}

/** Must run before any component asks for the engine (the shell calls it first). */
export function installSyncTransport(): void {
	setSyncTransport(trpcTransport);
}

/** Returns the function that stops the triggers (the shell's teardown). */
export function startTechApp(user: ShellUser | null): () => void {
	const db = offlineDb();
	installSyncTransport();
	const onOnline = () => requestSync();
	const onVisible = () => {
		if (document.visibilityState === 'visible') requestSync();
	};
	window.addEventListener('online', onOnline);
	document.addEventListener('visibilitychange', onVisible);
	const timer = setInterval(requestSync, SYNC_INTERVAL_MS);

	void (async () => {
		const mayUseThisPhone = user ? await bindToUser(db, user) : true;
		if (mayUseThisPhone) {
			const engine = await syncEngine();
			// A fresh start is the moment after signing in again: give the server another chance.
			await engine.resume();
			void engine.sync();
		}
		await askPersistenceOnce(db).catch(() => undefined);
		await registerServiceWorker();
	})();

	return () => {
		window.removeEventListener('online', onOnline);
		document.removeEventListener('visibilitychange', onVisible);
		clearInterval(timer);
	};
}
