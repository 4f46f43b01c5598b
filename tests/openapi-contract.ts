/**
 * An OpenAPI document as a contract: an answer's status must be one its operation documents, its
 * content type one that status documents, and its body must validate against that schema (JSON
 * Schema 2020-12, ajv with formats). An answer for no operation (unknown address, wrong method)
 * must be a problem document. Used by the Vitest REST specs (tests/rest-contract.ts) and by the
 * end-to-end REST spec against the document the built server serves.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;
export interface Operation {
	operationId: string;
	responses: Record<string, { content?: Record<string, { schema: Json }> }>;
}

export type OpenApiDocument = { paths: Record<string, Record<string, Operation>>; components: Json };
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

/** A checker of answers against one document (the one the code builds, or the one a server serves). */
export function openApiContract(doc: OpenApiDocument) {
	const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
	addFormats(ajv);

	const templates = Object.keys(doc.paths).map((template) => ({
		template,
		pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}$`)
	}));

	/** The documented operation a request is for, or null. */
	function operationOf(method: string, path: string): Operation | null {
		const bare = path.split('?')[0];
		for (const { template, pattern } of templates) {
			if (!pattern.test(bare)) continue;
			const op = doc.paths[template][method.toLowerCase()];
			if (op) return op;
		}
		return null;
	}

	const compiled = new Map<string, ValidateFunction>();
	function validator(id: string, schema: Json): ValidateFunction {
		let v = compiled.get(id);
		if (!v) {
			// The document's components go along, so `#/components/schemas/…` resolves.
			v = ajv.compile({ ...schema, components: doc.components });
			compiled.set(id, v);
		}
		return v;
	}

	const seen: Array<{ operationId: string; status: number }> = [];
	/** Every answer checked so far in this spec file, by operation. */
	const contractSeen = () => [...seen];

	/** Throws, naming what differs, when an answer is not what the document says. */
	function checkAgainstDocument(method: string, path: string, status: number, contentType: string | null, body: unknown): void {
		const where = `${method} ${path} → ${status}`;
		const op = operationOf(method, path);
		const type = (contentType ?? '').split(';')[0].trim();
		if (!op) {
			if (type !== 'application/problem+json') throw new Error(`${where}: no operation, and not a problem document (${type})`);
			const v = validator('Problem', { $ref: '#/components/schemas/Problem' });
			if (!v(body)) throw new Error(`${where}: ${ajv.errorsText(v.errors)}`);
			return;
		}
		seen.push({ operationId: op.operationId, status });
		const response = op.responses[String(status)];
		if (!response) throw new Error(`${where}: ${op.operationId} does not document status ${status}`);
		if (status === 204) {
			if (response.content || body !== null) throw new Error(`${where}: a 204 carries no body, and its documentation none`);
			return;
		}
		const content = response.content?.[type];
		if (!content) throw new Error(`${where}: ${op.operationId} ${status} does not document ${type || 'no content type'}`);
		const v = validator(`${op.operationId} ${status} ${type}`, content.schema);
		if (!v(body)) {
			const errors = (v.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`);
			throw new Error(`${where}: the body does not match ${op.operationId}'s ${status} schema:\n  ${errors.join('\n  ')}\n  body: ${JSON.stringify(body).slice(0, 600)}`);
		}
	}

	return { operationOf, checkAgainstDocument, contractSeen };
}
