/**
 * Whether the app has taken the page over from the server's HTML. False while the server
 * renders and until the root layout mounts: controls that only work through script (a form
 * submitted via tRPC) render disabled until then, so a click or Enter before hydration neither
 * does nothing nor reloads the page and loses what was typed.
 */
let done = $state(false);

export const hydration = {
	get done() {
		return done;
	}
};

/** Called once, by the root layout's onMount. */
export function markHydrated(): void {
	done = true;
	document.documentElement.dataset.hydrated = '';
}
