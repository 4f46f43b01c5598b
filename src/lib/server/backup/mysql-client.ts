/**
 * Running MariaDB's own client tools (mariadb-dump, mariadb) against the DATABASE_URL. The
 * password goes in a 0600 option file in a private temporary directory, never on the command line
 * where `ps` would show it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { splitDatabaseUrl } from '../db/migrate';

export interface ClientTarget {
	database: string;
	/** `--defaults-extra-file=…`: must be the first argument. */
	optionsArg: string;
	cleanup(): Promise<void>;
}

/** Option files quote values with backslash escapes. */
const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export async function clientTarget(databaseUrl: string): Promise<ClientTarget> {
	const { database } = splitDatabaseUrl(databaseUrl);
	const url = new URL(databaseUrl);
	const dir = await mkdtemp(path.join(tmpdir(), 'lunas-db-'));
	const file = path.join(dir, 'client.cnf');
	const lines = ['[client]', `user=${quote(decodeURIComponent(url.username || 'root'))}`, `host=${quote(url.hostname || '127.0.0.1')}`, `port=${url.port || '3306'}`];
	if (url.password) lines.push(`password=${quote(decodeURIComponent(url.password))}`);
	// "localhost" would make the client use the Unix socket; the URL means TCP.
	lines.push('protocol=TCP');
	await writeFile(file, lines.join('\n') + '\n', { mode: 0o600 });
	return { database, optionsArg: `--defaults-extra-file=${file}`, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** MariaDB's names first; Debian's MySQL-compatible names as a fallback. */
export function findTool(names: string[]): string {
	for (const name of names) {
		const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
		if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
	}
	throw new Error(`${names.join(' or ')} not found: install the MariaDB client (apt-get install mariadb-client)`);
}

/** Spawns a tool with piped stdio; `done` rejects with its stderr when it exits non-zero. */
export function runTool(bin: string, args: string[]) {
	const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (d: string) => {
		if (stderr.length < 10_000) stderr += d;
	});
	const done = new Promise<void>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) resolve();
			else reject(new Error(`${path.basename(bin)} failed (${signal ?? `exit ${code}`}): ${stderr.trim().slice(0, 2000)}`));
		});
	});
	return { child, done };
}
