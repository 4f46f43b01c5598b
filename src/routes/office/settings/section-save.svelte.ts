import { invalidateAll } from '$app/navigation';
import { FormState } from '$lib/client/form-state.svelte';

/**
 * The save of one settings section: the call with FormState's errors and focus, "Saved." until
 * the next try, then the page's data reloaded so every section shows what is stored now.
 */
export class SectionSave extends FormState {
	saved = $state(false);
	element = $state<HTMLFormElement>();

	async save(call: () => Promise<unknown>): Promise<boolean> {
		this.saved = false;
		const result = await this.run(call, this.element);
		if (!result.ok) return false;
		this.saved = true;
		await invalidateAll();
		return true;
	}
}
