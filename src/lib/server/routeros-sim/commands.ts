/**
 * Runs one logged-in command against the router state and returns the reply sentences (without
 * tags; the connection adds those). Error texts follow what RouterOS 6.49/7.x send.
 */
import type { RosMajor } from './format';
import { type Menu, SimTrap } from './menu';
import { matches } from './query';
import { attrWords, type ParsedCommand } from './sentence';
import type { RouterState } from './state';

export interface Outcome {
	replies: string[][];
	/** `/quit`: the router sends `!fatal` and closes. */
	fatal?: boolean;
	/** Number of `!re` rows, so the drop-mid-reply fault knows whether there is a middle to drop in. */
	rows: number;
}

export interface CommandContext {
	state: RouterState;
	ros: RosMajor;
	/** RouterOS 7.18+ answers an empty print with `!empty`. */
	emptyReply: boolean;
}

export function trapReply(message: string, category?: number): string[][] {
	const trap = ['!trap'];
	if (category !== undefined) trap.push(`=category=${category}`);
	trap.push(`=message=${message}`);
	return [trap, ['!done']];
}

function done(rows: Array<Record<string, string>>, ctx: CommandContext, proplist?: string): Outcome {
	const keys = proplist?.split(',').filter((k) => k !== '');
	const replies = rows.map((row) => {
		if (!keys) return ['!re', ...attrWords(row)];
		// The router answers with the requested properties, in the requested order, skipping absent ones.
		return ['!re', ...keys.filter((k) => k in row).map((k) => `=${k}=${row[k]}`)];
	});
	if (rows.length === 0 && ctx.emptyReply) replies.push(['!empty']);
	replies.push(['!done']);
	return { replies, rows: rows.length };
}

/**
 * Without `?#` operators every query word must hold, so a `?name=` among them narrows the rows
 * before they are rendered: a lookup by name in a menu of thousands then costs one comparison
 * per row instead of a full render (what a benchmark with 1,000 secrets spends its time on).
 * A name is stored as given and never computed, so the raw value is the one the query sees.
 */
function candidates(menu: Menu, queries: string[]) {
	const rows = menu.list();
	if (queries.some((q) => q.startsWith('#'))) return rows;
	const byName = queries.find((q) => q.startsWith('name=') || q.startsWith('=name='));
	if (byName === undefined) return rows;
	const name = byName.slice(byName.indexOf('=', 1) + 1);
	return rows.filter((r) => r.props.name === name);
}

function print(menu: Menu, cmd: ParsedCommand, ctx: CommandContext): Outcome {
	const now = ctx.state.now();
	const rows = candidates(menu, cmd.queries)
		.map((r) => menu.render(r, now, ctx.ros))
		.filter((item) => matches(cmd.queries, item));
	if ('count-only' in cmd.attrs) return { replies: [['!done', `=ret=${rows.length}`]], rows: 0 };
	return done(rows, ctx, cmd.attrs['.proplist']);
}

/** Everything except API-internal attributes (`.proplist`, `.id`, `numbers`) is a property to write. */
function properties(attrs: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(attrs)) {
		if (!k.startsWith('.') && k !== 'numbers') out[k] = v;
	}
	return out;
}

function targets(menu: Menu, attrs: Record<string, string>): string[] {
	const ref = attrs['.id'] ?? attrs.numbers;
	if (ref === undefined || ref === '') throw new SimTrap('no such item', 0);
	const refs = ref.split(',');
	// Check every item first so a bad id in a list changes nothing, as on the router.
	for (const r of refs) menu.findOrTrap(r);
	return refs;
}

function menuCommand(menu: Menu, verb: string, cmd: ParsedCommand, ctx: CommandContext): Outcome {
	if (verb === 'print' || verb === 'getall') return print(menu, cmd, ctx);
	// Every menu that can `set` can also `unset` (RouterOS 6 and 7 alike).
	const commands: readonly string[] = menu.schema.commands.includes('set') ? [...menu.schema.commands, 'unset'] : menu.schema.commands;
	if (!commands.includes(verb)) {
		return { replies: trapReply('no such command', 0), rows: 0 };
	}
	if (verb === 'add') {
		const row = menu.add(properties(cmd.attrs), { since: String(ctx.state.now()) });
		return { replies: [['!done', `=ret=*${row.id.toString(16).toUpperCase()}`]], rows: 0 };
	}
	const refs = targets(menu, cmd.attrs);
	if (verb === 'unset') {
		const valueName = cmd.attrs['value-name'];
		if (valueName === undefined || valueName === '') throw new SimTrap('missing value for value-name', 1);
		for (const ref of refs) menu.unset(ref, valueName);
		return { replies: [['!done']], rows: 0 };
	}
	for (const ref of refs) {
		if (verb === 'set') menu.set(ref, properties(cmd.attrs));
		else menu.remove(ref);
	}
	return { replies: [['!done']], rows: 0 };
}

function systemCommand(cmd: ParsedCommand, ctx: CommandContext): Outcome | undefined {
	const { state } = ctx;
	switch (cmd.command) {
		case '/system/resource/print':
			return done([state.resource()], ctx, cmd.attrs['.proplist']);
		case '/system/identity/print':
			return done([{ name: state.identity }], ctx, cmd.attrs['.proplist']);
		case '/system/identity/set':
			if (cmd.attrs.name !== undefined) state.identity = cmd.attrs.name;
			return { replies: [['!done']], rows: 0 };
		case '/interface/monitor-traffic': {
			const name = cmd.attrs.interface;
			if (name === undefined) throw new SimTrap('missing value for interface', 1);
			// Without `once` a real router streams until /cancel; the simulator supports only the sample.
			if (!('once' in cmd.attrs)) throw new SimTrap('simulator supports monitor-traffic only with =once=', 5);
			return done([state.traffic(name)], ctx, cmd.attrs['.proplist']);
		}
		case '/cancel':
			// Nothing in the simulator runs long enough to cancel.
			return { replies: [['!done']], rows: 0 };
		case '/quit':
			return { replies: [['!fatal', '=message=session terminated on request']], fatal: true, rows: 0 };
		default:
			return undefined;
	}
}

export function runCommand(cmd: ParsedCommand, ctx: CommandContext): Outcome {
	try {
		const system = systemCommand(cmd, ctx);
		if (system) return system;
		const slash = cmd.command.lastIndexOf('/');
		const path = cmd.command.slice(0, slash);
		const verb = cmd.command.slice(slash + 1);
		if (slash <= 0 || !ctx.state.hasMenu(path)) {
			return { replies: trapReply('no such command prefix', 0), rows: 0 };
		}
		return menuCommand(ctx.state.menu(path), verb, cmd, ctx);
	} catch (err) {
		if (err instanceof SimTrap) return { replies: trapReply(err.message, err.category), rows: 0 };
		throw err;
	}
}
