/**
 * Importing customers (and their subscriptions) from a sheet: "check" parses the upload and
 * shows the preview, row by row; "import" receives the same sheet back (base64 in the preview's
 * form, so nothing is kept on the server between the two) and writes it only then. Admin and
 * office only: the office guard says so, and each action checks again (it does not rely on it).
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/form-body';
import { contextFor } from '$lib/server/trpc/caller';
import { actorOf } from '$lib/server/trpc/actor';
import { ledgerContextOf } from '$lib/server/trpc/ledger-context';
import { readSheet, SheetError, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '$lib/server/imports/sheet';
import { IMPORT_COLUMNS, previewCustomerImport, type ImportField, type PreviewRow } from '$lib/server/imports/customer-preview';
import { importCustomers } from '$lib/server/imports/customer-import';
import { may } from '$lib/shared/access';
import { translator } from '$lib/shared/i18n/index';

export const load = (() => ({ maxKb: IMPORT_MAX_BYTES / 1024, maxRows: IMPORT_MAX_ROWS })) satisfies PageServerLoad;

/** A service's field, as the column the operator knows. */
const FIELD_COLUMN: Record<string, ImportField> = { customerId: 'name', packageId: 'package', routerId: 'area', areaId: 'area', serviceUsername: 'serviceUsername', servicePassword: 'servicePassword', startDate: 'startDate', paidThrough: 'paidThrough', staticIp: 'package', id: 'phone' };

function signedInOffice(event: RequestEvent) {
	const ctx = contextFor(event);
	if (!ctx.user) error(401, ctx.t('error.signedOut'));
	if (!may(ctx.user.role, 'office')) error(403, ctx.t('error.forbidden'));
	return { ...ctx, user: ctx.user };
}

async function sheetOf(bytes: Uint8Array, t: ReturnType<typeof translator>) {
	try {
		return { sheet: await readSheet(bytes) };
	} catch (err) {
		if (err instanceof SheetError) return { problem: t(err.key, err.values) };
		throw err;
	}
}

/** What the page shows of a row (the parsed values stay on the server). */
const shown = (r: PreviewRow) => ({ line: r.line, status: r.status, name: r.name, phone: r.phone, problems: r.problems, subscription: r.subscription !== null });

export const actions = {
	check: async (event) => {
		const ctx = signedInOffice(event);
		const form = await readForm(event.request, event.locals.lang);
		const file = form.get('sheet');
		if (!(file instanceof File) || file.size === 0) return fail(400, { problem: ctx.t('customerImport.noFile') });
		if (file.size > IMPORT_MAX_BYTES) return fail(400, { problem: ctx.t('customerImport.tooLarge', { max: IMPORT_MAX_BYTES / 1024 }) });
		const bytes = new Uint8Array(await file.arrayBuffer());
		const read = await sheetOf(bytes, ctx.t);
		if (!read.sheet) return fail(400, { problem: read.problem });
		const preview = await previewCustomerImport(ctx.db, read.sheet, ctx.t);
		return { filename: file.name, sheetData: Buffer.from(bytes).toString('base64'), sheetProblems: preview.sheetProblems, rows: preview.rows.map(shown) };
	},
	import: async (event) => {
		const ctx = signedInOffice(event);
		const form = await readForm(event.request, event.locals.lang);
		const data = form.get('sheetData');
		if (typeof data !== 'string' || !data) return fail(400, { problem: ctx.t('customerImport.noFile') });
		const bytes = new Uint8Array(Buffer.from(data, 'base64'));
		const read = await sheetOf(bytes, ctx.t);
		if (!read.sheet) return fail(400, { problem: read.problem });
		// Checked again: the areas, packages and customers may have changed since the preview.
		const preview = await previewCustomerImport(ctx.db, read.sheet, ctx.t);
		if (preview.sheetProblems.length) return fail(400, { problem: preview.sheetProblems.join(' ') });
		const column = (field: string) => IMPORT_COLUMNS[FIELD_COLUMN[field] ?? 'name'][0];
		const outcome = await importCustomers(ctx.db, preview.rows, actorOf(ctx), await ledgerContextOf(ctx), column);
		return { outcome };
	}
} satisfies Actions;
