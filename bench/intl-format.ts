/**
 * The date helpers with cached Intl formatters against the same helpers building a formatter
 * per call (what they did before), in one run: the work a revenue report, a CSV export of the
 * ledger or a month range repeats per row or per month. No database.
 *
 *   npx tsx bench/intl-format.ts [calls]
 */
import { localDateOf, localMinutesOf, localTimeToInstant } from '../src/lib/shared/dates';

const calls = Number(process.argv[2] ?? 50_000);
const zone = 'Asia/Jakarta';
const instants = Array.from({ length: 1000 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 3_600_000 * 7));

/** The former helper: a new formatter per call. */
function freshLocalDateOf(instant: Date, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
	const get = (t: string) => parts.find((p) => p.type === t)!.value;
	return `${get('year')}-${get('month')}-${get('day')}`;
}
function freshMinutesOf(instant: Date, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
	const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
	return get('hour') * 60 + get('minute');
}

function time(label: string, fn: () => void): number {
	fn(); // warm up
	const runs: number[] = [];
	for (let r = 0; r < 5; r++) {
		const start = performance.now();
		fn();
		runs.push(performance.now() - start);
	}
	const median = runs.sort((a, b) => a - b)[2];
	console.log(`${label.padEnd(44)} ${median.toFixed(1).padStart(8)} ms for ${calls} calls`);
	return median;
}

let sink = 0;
const baseline = time('fresh formatter per call (baseline)', () => {
	for (let i = 0; i < calls; i++) sink += freshLocalDateOf(instants[i % 1000], zone).length + freshMinutesOf(instants[i % 1000], zone);
});
const cached = time('cached formatters (localDateOf + minutes)', () => {
	for (let i = 0; i < calls; i++) sink += localDateOf(instants[i % 1000], zone).length + localMinutesOf(instants[i % 1000], zone);
});
time('cached localTimeToInstant (month bounds)', () => {
	for (let i = 0; i < calls; i++) sink += localTimeToInstant('2026-11-01', 0, zone).getTime() % 7;
});
console.log(`cached / baseline: ${(cached / baseline).toFixed(3)} (${(baseline / cached).toFixed(1)}× faster)${sink < 0 ? '' : ''}`);
