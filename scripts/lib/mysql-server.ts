/**
 * Finds a MySQL/MariaDB for the demo and the test run: the server in DATABASE_URL, else
 * root@127.0.0.1:3306, else a project-local MariaDB started from the system's mariadbd with
 * its data under .data/mariadb.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

export interface MysqlServer {
	/** mysql://user:pass@host:port/ — no database. */
	serverUrl: string;
	source: 'DATABASE_URL' | '127.0.0.1:3306' | 'project-local MariaDB';
	stop(): Promise<void>;
}

const INSTALL_HINT =
	'No MySQL/MariaDB answers and mariadbd is not installed: run `sudo apt-get install -y mariadb-server` (or set DATABASE_URL to a running server).';

export function serverUrlOf(databaseUrl: string): string {
	const u = new URL(databaseUrl);
	u.pathname = '/';
	u.search = '';
	return u.toString();
}

async function answers(serverUrl: string): Promise<boolean> {
	try {
		const conn = await mysql.createConnection({ uri: serverUrl, connectTimeout: 2000 });
		await conn.query('SELECT 1');
		await conn.end();
		return true;
	} catch {
		return false;
	}
}

function which(binary: string): string | null {
	for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/usr/bin']) {
		const candidate = path.join(dir, binary);
		if (dir && existsSync(candidate)) return candidate;
	}
	return null;
}

function isRoot(): boolean {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function startProjectMariadb(projectDir: string, log: (line: string) => void): Promise<MysqlServer> {
	const mariadbd = which('mariadbd') ?? which('mysqld');
	const installDb = which('mariadb-install-db') ?? which('mysql_install_db');
	if (!mariadbd || !installDb) {
		console.error(INSTALL_HINT);
		process.exit(1);
	}
	const dataDir = path.join(projectDir, '.data', 'mariadb');
	const port = Number(process.env.LUNAS_MARIADB_PORT ?? 3307);
	const serverUrl = `mysql://root@127.0.0.1:${port}/`;
	// A server left running by an earlier demo is fine to reuse.
	if (await answers(serverUrl)) {
		log(`Using the project-local MariaDB already running on 127.0.0.1:${port}`);
		return { serverUrl, source: 'project-local MariaDB', stop: async () => {} };
	}
	mkdirSync(dataDir, { recursive: true });
	const user = isRoot() ? ['--user=root'] : [];
	if (!existsSync(path.join(dataDir, 'mysql'))) {
		log(`Initialising a project-local MariaDB in ${dataDir}`);
		const init = spawnSync(
			installDb,
			['--no-defaults', `--datadir=${dataDir}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db'],
			{ encoding: 'utf8' }
		);
		if (init.status !== 0) throw new Error(`mariadb-install-db failed:\n${init.stderr || init.stdout}`);
	}
	// Unix socket paths are limited to ~107 bytes; keep it short whatever the clone path.
	const socket = path.join(os.tmpdir(), `lunas-${createHash('sha1').update(dataDir).digest('hex').slice(0, 10)}.sock`);
	const child: ChildProcess = spawn(
		mariadbd,
		[
			'--no-defaults',
			`--datadir=${dataDir}`,
			`--socket=${socket}`,
			`--port=${port}`,
			'--bind-address=127.0.0.1',
			`--pid-file=${path.join(dataDir, 'mariadbd.pid')}`,
			`--log-error=${path.join(dataDir, 'error.log')}`,
			'--skip-name-resolve',
			...user
		],
		{ stdio: 'ignore' }
	);
	let exited = false;
	child.on('exit', () => (exited = true));
	const deadline = Date.now() + 30_000;
	while (!(await answers(serverUrl))) {
		if (exited || Date.now() > deadline) {
			const logFile = path.join(dataDir, 'error.log');
			const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
			throw new Error(`The project-local MariaDB did not start on port ${port}:\n${tail}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	log(`Started a project-local MariaDB on 127.0.0.1:${port} (data in .data/mariadb)`);
	return {
		serverUrl,
		source: 'project-local MariaDB',
		stop: () =>
			new Promise<void>((resolve) => {
				if (exited) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

export async function findOrStartMysql(projectDir: string, log: (line: string) => void = console.log): Promise<MysqlServer> {
	const fromEnv = process.env.DATABASE_URL;
	if (fromEnv) {
		const serverUrl = serverUrlOf(fromEnv);
		if (await answers(serverUrl)) return { serverUrl, source: 'DATABASE_URL', stop: async () => {} };
		throw new Error(`DATABASE_URL is set but its server does not answer: ${new URL(fromEnv).host}`);
	}
	const local = 'mysql://root@127.0.0.1:3306/';
	if (await answers(local)) return { serverUrl: local, source: '127.0.0.1:3306', stop: async () => {} };
	return startProjectMariadb(projectDir, log);
}
