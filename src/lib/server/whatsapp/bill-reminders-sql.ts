/**
 * The daily reminders written set-based: one `INSERT … SELECT` puts every due invoice's message
 * into the outbox without the rows travelling to Node and back (20,000 reminders in one statement;
 * row by row they were 9 MB each way plus the parse of a 9 MB INSERT). The message is the same one
 * `billMessages` + `enqueueMessages` write — `bill-reminders-sql.spec.ts` compares the two row for row:
 *
 * - the template is parsed by the one parser (`templateParts`); its text goes in as parameters;
 * - the few values that need the JS formatters — each billing period's and due day's text in the
 *   customer-message language — are formatted in JS for the distinct ones and chosen per row by a
 *   CASE; rupiah (`Rp 150.000`) and the pay link are plain string work in SQL;
 * - the WhatsApp number is `whatsAppNumber` in SQL (digits only, `00`/`0`/`8` prefixes, `+628…`).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/index';
import { templateParts, type Placeholder } from '../../shared/templates';
import { EVENT_TEMPLATE } from '../../shared/schemas/whatsapp';
import { NO_NUMBER } from './enqueue';
import { nudgeWhatsApp } from './nudge';
import type { Setup } from './events';

type Rows<T> = [T[], unknown];

/** `whatsAppNumber(column)` in SQL: every digit in order, `00` dropped, `0…`/`8…` → `62…`, then `+628` and 8–11 digits, else NULL. */
export function whatsAppNumberSql(column: SQL): SQL {
	const digits = sql`REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(${column}, '[^0-9]', ''), '^00', ''), '^0', '62'), '^8', '628')`;
	return sql`IF(${digits} REGEXP '^628[0-9]{8,11}$', CONCAT('+', ${digits}), NULL)`;
}

/** `formatRupiah` of a positive whole amount: `Rp 1.250.000`. */
function rupiahSql(amount: SQL): SQL {
	return sql`CONCAT('Rp ', REPLACE(FORMAT(${amount}, 0, 'en_US'), ',', '.'))`;
}

/** A CASE choosing the text formatted in JS for each distinct key (a handful per run). */
function chosen(keys: Array<{ when: SQL; text: string }>): SQL {
	if (keys.length === 0) return sql`''`;
	return sql`CASE ${sql.join(
		keys.map((k) => sql`WHEN ${k.when} THEN ${k.text}`),
		sql` `
	)} END`;
}

/**
 * Writes the reminder of every invoice matching `where` (over `i` invoices, `c` customers, `s`
 * subscriptions, `p` packages) that still owes something, to customers with a phone who did not
 * opt out; the dedupe key is `keyPrefix` + invoice id, so a replay writes nothing. Answers how many
 * messages are new.
 */
export async function insertBillReminders(tx: DbOrTx, setup: Setup, opts: { where: SQL; keyPrefix: string; expiresAt: Date | null; now?: Date }): Promise<number> {
	const from = sql`FROM invoices i
		JOIN customers c ON c.id = i.customer_id
		JOIN subscriptions s ON s.id = i.subscription_id
		JOIN packages p ON p.id = s.package_id
		WHERE ${opts.where} AND i.amount > i.amount_paid AND c.phone IS NOT NULL AND TRIM(c.phone) <> '' AND c.whatsapp_opt_out = 0`;

	const [distinct] = (await tx.execute(sql`SELECT DISTINCT i.period_start AS s, i.period_end AS e, i.due_date AS d ${from}`)) as unknown as Rows<{ s: string; e: string; d: string }>;
	if (distinct.length === 0) return 0;
	const day = setup.dateText;
	const periods = new Map(distinct.map((r) => [`${r.s}|${r.e}`, { s: r.s, e: r.e }]));
	const days = new Set(distinct.map((r) => r.d));
	const values: Record<Placeholder<'reminder'>, SQL> = {
		nama: sql`c.name`,
		kode: sql`c.code`,
		paket: sql`p.name`,
		periode: chosen([...periods.values()].map((p) => ({ when: sql`i.period_start = ${p.s} AND i.period_end = ${p.e}`, text: `${day(p.s)} – ${day(p.e)}` }))),
		jumlah: rupiahSql(sql`(i.amount - i.amount_paid)`),
		jatuh_tempo: chosen([...days].map((d) => ({ when: sql`i.due_date = ${d}`, text: day(d) }))),
		link_bayar: sql`CONCAT(${`${setup.publicBaseUrl}/pay/`}, i.pay_token)`,
		isp: sql`${setup.ispName}`
	};
	const { literals, names, tail } = templateParts(EVENT_TEMPLATE[setup.event] as 'reminder', setup.templates[EVENT_TEMPLATE[setup.event]]);
	const body = sql`CONCAT(${sql.join([...names.flatMap((n, i) => [sql`${literals[i]}`, values[n]]), sql`${tail}`], sql`, `)})`;
	const template = setup.meta
		? sql`JSON_OBJECT('name', ${setup.meta.name}, 'language', ${setup.meta.language}, 'params', JSON_ARRAY(${sql.join(
				setup.meta.params.map((p) => values[p as Placeholder<'reminder'>] ?? sql`''`),
				sql`, `
			)}))`
		: sql`NULL`;
	const now = opts.now ?? new Date();
	const [result] = (await tx.execute(sql`
		INSERT INTO wa_messages (dedupe_key, customer_id, phone, kind, quiet_hours, body, template, status, last_error, expires_at, finished_at)
		SELECT CONCAT(${opts.keyPrefix}, x.invoice_id), x.customer_id, x.wa, ${setup.event}, 1, x.body, x.template,
			IF(x.wa IS NULL, 'failed', 'queued'), IF(x.wa IS NULL, ${NO_NUMBER}, NULL), ${opts.expiresAt}, IF(x.wa IS NULL, ${now}, NULL)
		FROM (SELECT i.id AS invoice_id, c.id AS customer_id, ${whatsAppNumberSql(sql`c.phone`)} AS wa, ${body} AS body, ${template} AS template ${from}
			AND NOT EXISTS (SELECT 1 FROM wa_messages w WHERE w.dedupe_key = CONCAT(${opts.keyPrefix}, i.id))) x
		ON DUPLICATE KEY UPDATE wa_messages.id = wa_messages.id`)) as unknown as [{ affectedRows: number }];
	// Messages already written are left out by the NOT EXISTS (a replay reads the UNIQUE index and
	// writes nothing), so affectedRows is the new messages; the ON DUPLICATE KEY is for a run racing
	// this one, whose rows it would count as found.
	const added = Number(result.affectedRows);
	if (added > 0) nudgeWhatsApp();
	return added;
}
