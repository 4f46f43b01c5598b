import { syncEngine, type EngineState } from './engine';

/** The engine's running state as a reactive value for components (start it inside a component). */
export function engineStatus(): { readonly current: EngineState } {
	let state = $state<EngineState>({ syncing: false, retryAt: null });
	$effect(() => {
		let unsubscribe: (() => void) | null = null;
		let cancelled = false;
		void syncEngine().then((engine) => {
			if (!cancelled) unsubscribe = engine.subscribe((s) => (state = s));
		});
		return () => {
			cancelled = true;
			unsubscribe?.();
		};
	});
	return {
		get current() {
			return state;
		}
	};
}

/** navigator.onLine, kept current. */
export function onlineStatus(): { readonly current: boolean } {
	let online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	$effect(() => {
		const update = () => (online = navigator.onLine);
		window.addEventListener('online', update);
		window.addEventListener('offline', update);
		return () => {
			window.removeEventListener('online', update);
			window.removeEventListener('offline', update);
		};
	});
	return {
		get current() {
			return online;
		}
	};
}
