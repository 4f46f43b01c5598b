import { sql, type SQL } from 'drizzle-orm';

/** Values as bound parameters separated by commas, for `IN (…)`. An empty list is a syntax error there: callers skip the statement. */
export function sqlList(values: Iterable<string | number>): SQL {
	return sql.join([...values].map((v) => sql`${v}`), sql`, `);
}
