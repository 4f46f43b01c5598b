/**
 * Findings of a fuzz stage and the report file `npm test` summarises
 * (test-results/fuzz-<stage>.json, read by scripts/test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
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
		.map(([key, g]) => `${g.count}× ${key}\n    input: ${g.first.input}${g.first.stack ? `\n    ${g.first.stack.split('\n').slice(0, 6).join('\n    ')}` : ''}`)
		.join('\n');
}
