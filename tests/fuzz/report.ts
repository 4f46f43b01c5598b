/**
 * Findings of a fuzz stage, the temporary allowlist, and the report file `npm test` summarises
 * (test-results/fuzz-<stage>.json, read by scripts/test.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Finding {
	/** `trpc reports.revenue as office`, `route GET /office/%`. */
	where: string;
	/** What went wrong: `500 Error: Incorrect string value …`, `crash`, `server down`. */
	error: string;
	/** The input, shortened for the report. */
	input: string;
	stack?: string;
	/** Set when the temporary allowlist names it: reported, but the stage does not fail. */
	knownAs?: string;
}

export interface KnownEntry {
	/** Matched against `Finding.where` as a substring. */
	where: string;
	/** Matched against `Finding.error` as a substring. */
	error: string;
	/** If given, a regex the finding's input must match too (e.g. a lone surrogate in it). */
	inputMatches?: string;
	owner: string;
	finding: string;
	/**
	 * Route fuzzer only: a regex of request targets NOT to send, for a known failure that ends the
	 * server (sending it would only stop every test after it).
	 */
	skipTarget?: string;
}

/**
 * TEMPORARY. Failures another engineer is fixing right now, so this stage can run meanwhile.
 * The lead deletes tests/fuzz/known-5xx.temporary.json once the fixes are merged; after that
 * every failure fails the suite. LUNAS_FUZZ_STRICT=1 ignores the file.
 */
export function loadKnown(): KnownEntry[] {
	const file = path.join(projectDir, 'tests/fuzz/known-5xx.temporary.json');
	if (process.env.LUNAS_FUZZ_STRICT === '1' || !existsSync(file)) return [];
	return JSON.parse(readFileSync(file, 'utf8')) as KnownEntry[];
}

export function markKnown(finding: Finding, known: KnownEntry[]): Finding {
	const entry = known.find(
		(k) => finding.where.includes(k.where) && finding.error.includes(k.error) && (!k.inputMatches || new RegExp(k.inputMatches).test(finding.input))
	);
	return entry ? { ...finding, knownAs: `${entry.owner} #${entry.finding}` } : finding;
}

/** A value as one short line: long strings cut, lone surrogates made visible. */
export function describeInput(value: unknown, max = 300): string {
	let text: string;
	try {
		text = JSON.stringify(value, (_k, v: unknown) => {
			if (typeof v === 'bigint') return `${v}n`;
			if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
			if (typeof v === 'string' && v.length > 60) return `${v.slice(0, 20)}…(${v.length} chars)`;
			return v;
		});
	} catch {
		text = String(value);
	}
	text = (text ?? 'undefined').replace(/[\uD800-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The class of an error message: numbers and quoted values removed, so one bug counts once. */
export function errorClass(message: string): string {
	return message
		.split('\n')[0]
		.replace(/'[^']*'/g, "'…'")
		.replace(/\d+/g, 'N')
		.slice(0, 160);
}

export interface StageReport {
	stage: string;
	seed: number;
	cases: number;
	/** Answers with a 5xx status (503 from a deliberate "unavailable" excepted). */
	fiveXx: number;
	/** Unhandled rejections, a dead server, or a database that stopped answering. */
	crashes: number;
	/** Answers by HTTP status (each call of a batch counted). */
	statuses: Record<string, number>;
	/** Cases slower than 5 s: reported, never asserted (timings on a shared machine lie). */
	slow: Array<{ where: string; input: string; ms: number }>;
	seconds: number;
	findings: Finding[];
}

export function writeStageReport(report: StageReport): void {
	const dir = path.join(projectDir, 'test-results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, `fuzz-${report.stage}.json`), JSON.stringify(report, null, 2));
}

/** Findings grouped by class, one line each with a count and a first example. */
export function summarise(findings: Finding[]): string {
	const groups = new Map<string, { count: number; first: Finding }>();
	for (const f of findings) {
		const key = `${f.where.replace(/ as \w+$/, '')} — ${errorClass(f.error)}`;
		const g = groups.get(key);
		if (g) g.count += 1;
		else groups.set(key, { count: 1, first: f });
	}
	return [...groups.entries()]
		.map(([key, g]) => `${g.count}× ${key}${g.first.knownAs ? ` [known: ${g.first.knownAs}]` : ''}\n    input: ${g.first.input}${g.first.stack ? `\n    ${g.first.stack.split('\n').slice(0, 6).join('\n    ')}` : ''}`)
		.join('\n');
}
