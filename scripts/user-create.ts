/**
 * `npm run user:create -- --username admin --name "Nama Admin"`
 * Makes the first admin of an empty database; the password comes from LUNAS_PASSWORD or is asked
 * for on the terminal. Once an admin exists it refuses: further staff are added in the office,
 * where the change is audited under a person's name.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { getConfig, ConfigError } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/index';
import { ensureDatabase, migrateDatabase } from '../src/lib/server/db/migrate';
import { users } from '../src/lib/server/db/schema';
import { hashPassword } from '../src/lib/server/auth/password';
import { audit } from '../src/lib/server/audit';
import { staffCreateInput } from '../src/lib/shared/schemas/staff';
import { PASSWORD_MIN_LENGTH } from '../src/lib/shared/password-policy';

async function readPassword(): Promise<string> {
	if (process.env.LUNAS_PASSWORD) return process.env.LUNAS_PASSWORD;
	if (!process.stdin.isTTY) throw new Error('Set LUNAS_PASSWORD or run in a terminal to type the password.');
	const rl = createInterface({ input: process.stdin, output: process.stdout });
	const password = await rl.question(`Password (at least ${PASSWORD_MIN_LENGTH} characters, not a sequence or a common password): `);
	rl.close();
	return password;
}

async function main() {
	const { values } = parseArgs({
		options: { username: { type: 'string' }, name: { type: 'string' } }
	});
	const config = getConfig();
	const parsed = staffCreateInput.safeParse({
		username: values.username,
		name: values.name ?? values.username,
		role: 'admin',
		password: await readPassword()
	});
	if (!parsed.success) {
		const first = parsed.error.issues[0];
		throw new Error(`--${String(first.path[0])}: ${first.message}`);
	}
	await ensureDatabase(config.DATABASE_URL);
	const handle = openDatabase(config.DATABASE_URL, { connectionLimit: 2 });
	try {
		await migrateDatabase(handle.db, config.MIGRATIONS_DIR);
		const admins = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
		if (admins.length > 0) {
			throw new Error('This database already has an admin: add staff from the Staff page (Office → Staf) instead.');
		}
		const id = randomUUID();
		const input = parsed.data;
		await handle.db.transaction(async (tx) => {
			await tx.insert(users).values({ id, username: input.username, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) });
			await audit(tx, { userId: null, action: 'staff.create', entity: 'user', entityId: id, after: { username: input.username, role: input.role, via: 'user:create' } });
		});
		console.log(`Created ${input.role} "${input.username}". Sign in at ${config.PUBLIC_BASE_URL}/login`);
	} finally {
		await handle.close();
	}
}

main().catch((err) => {
	console.error(err instanceof ConfigError ? err.message : `user:create: ${err instanceof Error ? err.message : err}`);
	process.exit(1);
});
