/** One in-memory RouterOS menu (a table of rows with `.id`s) and the errors its edits raise. */
import { BOOLEAN_PROPS, formatBoolean, formatId, parseBoolean, parseId, type RosMajor } from './format';

/** An error the router answers with `!trap` (category omitted when real routers omit it). */
export class SimTrap extends Error {
	constructor(
		message: string,
		readonly category?: number
	) {
		super(message);
		this.name = 'SimTrap';
	}
}

export interface Row {
	id: number;
	/** Visible properties, stored in v7 spelling (true/false) and formatted per generation on print. */
	props: Record<string, string>;
	/** Simulator bookkeeping that real routers do not show (e.g. when a session started). */
	hidden: Record<string, string>;
}

export interface MenuSchema {
	path: string;
	/** Which edit commands exist on this menu; real routers answer `no such command` for the rest. */
	commands: ReadonlyArray<'add' | 'set' | 'remove'>;
	/** Properties every row has, in print order, with the values `add` fills in. */
	defaults: Record<string, string>;
	/** Properties accepted by add/set that only show once set. */
	optional?: readonly string[];
	/** Property whose value must be unique, and the failure text a duplicate gets. */
	unique?: { key: string; message: string };
	/** Extra uniqueness rule across several properties (address-list: list + address). */
	uniqueTogether?: { keys: readonly string[]; message: string };
	/** Property → menu whose `name` it must match (secret.profile → /ppp/profile). */
	refs?: Record<string, string>;
	/** Name given when `add` has none (queues become queue1, queue2, …). */
	autoName?: (id: number) => string;
	/** Checks the row as it would be after an add/set; throws a SimTrap to refuse it. */
	validate?: (props: Record<string, string>) => void;
	/** Properties worked out at print time, like a session's uptime. */
	computed?: (row: Row, now: number, ros: RosMajor) => Record<string, string>;
}

export type ChangeKind = 'add' | 'set' | 'remove';
export type ChangeListener = (kind: ChangeKind, row: Row, before?: Record<string, string>) => void;

export class Menu {
	private rows: Row[] = [];
	private nextId = 1;
	private listeners: ChangeListener[] = [];

	constructor(
		readonly schema: MenuSchema,
		/** Looks up another menu, for reference checks. */
		private readonly lookup: (path: string) => Menu | undefined
	) {}

	onChange(listener: ChangeListener): void {
		this.listeners.push(listener);
	}

	list(): readonly Row[] {
		return this.rows;
	}

	/** Finds by `*ID` or, where the menu has names, by name — as RouterOS accepts for `.id`/`numbers`. */
	find(ref: string): Row | undefined {
		const id = parseId(ref);
		if (id !== null) return this.rows.find((r) => r.id === id);
		return this.rows.find((r) => r.props.name === ref);
	}

	findOrTrap(ref: string): Row {
		const row = this.find(ref);
		if (!row) throw new SimTrap('no such item', 0);
		return row;
	}

	/** Adds a row, validating like the router; `hidden` is simulator-only state. */
	add(input: Record<string, string>, hidden: Record<string, string> = {}): Row {
		const id = this.nextId;
		const props: Record<string, string> = { ...this.schema.defaults };
		Object.assign(props, this.normalise(input));
		if ('name' in props && props.name === '' && this.schema.autoName) props.name = this.schema.autoName(id);
		this.checkRefs(props);
		this.schema.validate?.(props);
		this.checkUnique(props, undefined);
		this.nextId += 1;
		const row: Row = { id, props, hidden: { ...hidden } };
		this.rows.push(row);
		this.emit('add', row);
		return row;
	}

	set(ref: string, input: Record<string, string>): Row {
		const row = this.findOrTrap(ref);
		const changes = this.normalise(input);
		const next = { ...row.props, ...changes };
		this.checkRefs(changes);
		this.schema.validate?.(next);
		this.checkUnique(next, row);
		const before = row.props;
		row.props = next;
		this.emit('set', row, before);
		return row;
	}

	/**
	 * `unset numbers=… value-name=…`: the property goes back to not being set — an optional one
	 * disappears from print (as `remote-address` does on a real router), one every row has takes
	 * its default again. `value-name` is an enum of the menu's properties; anything else is refused.
	 */
	unset(ref: string, valueName: string): Row {
		const row = this.findOrTrap(ref);
		const optional = this.schema.optional ?? [];
		const unsettable = valueName !== 'name' && (valueName in this.schema.defaults || optional.includes(valueName));
		if (!unsettable) throw new SimTrap('input does not match any value of value-name', 1);
		const before = row.props;
		const next = { ...row.props };
		if (optional.includes(valueName)) delete next[valueName];
		else next[valueName] = this.schema.defaults[valueName];
		row.props = next;
		this.emit('set', row, before);
		return row;
	}

	remove(ref: string): Row {
		const row = this.findOrTrap(ref);
		this.rows = this.rows.filter((r) => r !== row);
		this.emit('remove', row);
		return row;
	}

	/** Row as a client sees it: `.id` first, booleans in this generation's spelling. */
	render(row: Row, now: number, ros: RosMajor): Record<string, string> {
		const out: Record<string, string> = { '.id': formatId(row.id) };
		const all = { ...row.props, ...(this.schema.computed?.(row, now, ros) ?? {}) };
		for (const [key, value] of Object.entries(all)) {
			out[key] = BOOLEAN_PROPS.has(key) ? formatBoolean(value, ros) : value;
		}
		return out;
	}

	private emit(kind: ChangeKind, row: Row, before?: Record<string, string>): void {
		for (const l of this.listeners) l(kind, row, before);
	}

	private normalise(input: Record<string, string>): Record<string, string> {
		const allowed = new Set([...Object.keys(this.schema.defaults), ...(this.schema.optional ?? [])]);
		const out: Record<string, string> = {};
		for (const [key, value] of Object.entries(input)) {
			if (!allowed.has(key)) throw new SimTrap(`unknown parameter ${key}`, 1);
			if (BOOLEAN_PROPS.has(key)) {
				const b = parseBoolean(value);
				if (b === null) throw new SimTrap(`value of ${key} must be yes or no`, 1);
				out[key] = b;
			} else {
				out[key] = value;
			}
		}
		return out;
	}

	private checkRefs(props: Record<string, string>): void {
		for (const [key, path] of Object.entries(this.schema.refs ?? {})) {
			const value = props[key];
			if (value === undefined) continue;
			const target = this.lookup(path);
			if (!target?.list().some((r) => r.props.name === value)) {
				throw new SimTrap(`input does not match any value of ${key}`, 1);
			}
		}
	}

	private checkUnique(props: Record<string, string>, self: Row | undefined): void {
		const others = this.rows.filter((r) => r !== self);
		const u = this.schema.unique;
		if (u && others.some((r) => r.props[u.key] === props[u.key])) throw new SimTrap(u.message);
		const t = this.schema.uniqueTogether;
		if (t && others.some((r) => t.keys.every((k) => r.props[k] === props[k]))) {
			throw new SimTrap(t.message);
		}
	}
}
