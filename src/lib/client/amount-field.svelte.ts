import { amountText, readRupiah, type RupiahReading } from '$lib/shared/rupiah-input';

/**
 * The state of one money input: the text as typed and how the one rupiah reader reads it. Every
 * money field (office, hand-overs, the phone) holds one and shows it with `AmountInput`.
 */
export class AmountField {
	text = $state('');
	/** Set when the person leaves the field or submits: from then on a problem is an error. */
	checked = $state(false);
	/** The smallest amount the field takes: 1 for a payment or price, 0 for cash counted. */
	readonly min: number;
	readonly reading: RupiahReading = $derived.by(() => {
		const r = readRupiah(this.text);
		return r.ok && r.amount < this.min ? { ok: false, problem: { key: 'money.tooSmall', values: {} } } : r;
	});

	constructor(initial: number | null = null, options: { min?: number } = {}) {
		this.min = options.min ?? 1;
		this.set(initial);
	}

	/** The amount read, or null while the text is not one. */
	get amount(): number | null {
		return this.reading.ok ? this.reading.amount : null;
	}

	/** Puts an amount in the field (`150.000`, which reads back exactly); null or nothing owed empties it. */
	set(amount: number | null) {
		this.text = amount !== null && amount >= this.min && amount > 0 ? amountText(amount) : amount === 0 && this.min === 0 ? '0' : '';
		this.checked = false;
	}

	/** For a submit: marks the field checked and gives the amount, or null when it is refused. */
	submit(): number | null {
		this.checked = true;
		return this.amount;
	}
}
