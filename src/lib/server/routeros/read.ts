/** Small readers every user of a RouterClient needs: booleans as printed, and optional menus. */
import { RouterError, type PrintOptions, type RosRow, type RouterClient } from './types';

/** RouterOS prints booleans as `true`/`false` (v7) or `yes`/`no` (v6); Lunas sends yes/no, which both accept. */
export function isTrue(value: string | undefined): boolean {
	return value === 'true' || value === 'yes';
}

/**
 * A menu a router may not have (no hotspot package, no PPP) answers with a trap: read it as empty
 * rather than failing the whole reading.
 */
export async function printOrEmpty(client: RouterClient, menu: string, options: PrintOptions = {}): Promise<RosRow[]> {
	try {
		return await client.print(menu, options);
	} catch (err) {
		if (err instanceof RouterError && err.kind === 'trap') return [];
		throw err;
	}
}
