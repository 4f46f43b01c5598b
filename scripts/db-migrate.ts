/** `npm run db:migrate`: creates the database if missing and applies pending migrations. */
import { getConfig, ConfigError } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/index';
import { ensureDatabase, migrateDatabase } from '../src/lib/server/db/migrate';

async function main() {
	const config = getConfig();
	await ensureDatabase(config.DATABASE_URL);
	const handle = openDatabase(config.DATABASE_URL, { connectionLimit: 2 });
	try {
		await migrateDatabase(handle.db, config.MIGRATIONS_DIR);
		console.log(`Database ${new URL(config.DATABASE_URL).pathname.slice(1)} is up to date.`);
	} finally {
		await handle.close();
	}
}

main().catch((err) => {
	console.error(err instanceof ConfigError ? err.message : `Migration failed: ${err instanceof Error ? err.message : err}`);
	process.exit(1);
});
