import { liveQuery } from 'dexie';

export interface Live<T> {
	readonly value: T;
	/** False until the first answer (SSR and the first frame show a loading state). */
	readonly loaded: boolean;
	readonly error: unknown;
}

/**
 * A Dexie query kept current: it re-runs whenever a table it read changes (a new operation, a
 * sync). `setup` runs inside an effect, so reactive values it reads (the route's id, a filter)
 * restart the query; the function it returns is the Dexie querier. Browser only (effects do not
 * run on the server).
 */
export function live<T>(setup: () => () => T | Promise<T>, initial: T): Live<T> {
	let value = $state.raw(initial);
	let loaded = $state(false);
	let error = $state.raw<unknown>(null);
	$effect(() => {
		const querier = setup();
		const subscription = liveQuery(querier).subscribe({
			next: (v) => {
				value = v;
				loaded = true;
				error = null;
			},
			error: (e) => {
				error = e;
				loaded = true;
			}
		});
		return () => subscription.unsubscribe();
	});
	return {
		get value() {
			return value;
		},
		get loaded() {
			return loaded;
		},
		get error() {
			return error;
		}
	};
}
