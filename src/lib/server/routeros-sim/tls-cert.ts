/**
 * A throwaway self-signed certificate for the simulator's API-SSL mode. Uses the `openssl` binary
 * (present on Debian and in CI) rather than adding a dependency just for certificate generation.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SelfSignedCert {
	key: string;
	cert: string;
}

export async function generateSelfSignedCert(commonName = 'routeros-sim'): Promise<SelfSignedCert> {
	const dir = await mkdtemp(join(tmpdir(), 'routeros-sim-'));
	try {
		const keyPath = join(dir, 'key.pem');
		const certPath = join(dir, 'cert.pem');
		await run('openssl', [
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-days',
			'30',
			'-subj',
			`/CN=${commonName}`,
			'-keyout',
			keyPath,
			'-out',
			certPath
		]);
		return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
	} catch (err) {
		throw new Error(`cannot generate a TLS certificate for the simulator (is openssl installed?): ${String(err)}`);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
