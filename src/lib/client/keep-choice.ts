import type { Attachment } from 'svelte/attachments';

/**
 * For a `<select bind:value>` the server rendered: a choice the person made before hydration is
 * adopted into the bound state instead of being reset to it. Svelte does this for inputs but
 * selects the bound value on a select, which would silently undo the choice (and the form would
 * then save the old value). Runs before the binding's first update (attachment effects are
 * created first); on a page rendered in the browser nothing was chosen yet, so it does nothing.
 *
 * `<select {...a} bind:value={draft.areaId} {@attach keepChoice((v) => (draft.areaId = v))}>`
 */
// `never`: the setter takes whatever type the bound state has; the option carries that value.
export function keepChoice(set: (value: never) => void): Attachment<HTMLSelectElement> {
	return (select) => {
		const chosen = select.selectedOptions[0];
		const rendered = select.querySelector<HTMLOptionElement>('option[selected]') ?? select.options[0];
		// Svelte keeps an option's bound value (a number, say) beside its text value.
		if (chosen && rendered && chosen !== rendered) set(((chosen as HTMLOptionElement & { __value?: unknown }).__value ?? chosen.value) as never);
	};
}
