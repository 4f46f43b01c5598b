import { tick } from 'svelte';
import { describeError } from './trpc';
import { hydration } from './hydration.svelte';
import type { FieldErrors } from '$lib/shared/validation';

/**
 * The state of one form that submits through tRPC: busy while the call runs, then the field
 * errors and the summary message of a refusal (cleared by the next success). Also busy before
 * hydration: the submit button (`disabled={form.busy}`) cannot submit a form whose handler is
 * not there yet — a disabled default button also stops Enter from submitting it natively.
 */
export class FormState {
	#running = $state(false);
	get busy(): boolean {
		return this.#running || !hydration.done;
	}
	set busy(value: boolean) {
		this.#running = value;
	}
	errors = $state<FieldErrors>({});
	message = $state<string | null>(null);

	/**
	 * Runs the call. On a refusal with field errors, keyboard focus moves to the first field marked
	 * invalid inside `form`, so the user lands where the fix is needed.
	 */
	async run<T>(action: () => Promise<T>, form?: HTMLElement): Promise<{ ok: true; value: T } | { ok: false }> {
		this.busy = true;
		this.message = null;
		try {
			const value = await action();
			this.errors = {};
			return { ok: true, value };
		} catch (err) {
			const { message, fieldErrors } = describeError(err);
			this.errors = fieldErrors;
			this.message = message;
			if (form) await tick().then(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
			return { ok: false };
		} finally {
			this.busy = false;
		}
	}
}
