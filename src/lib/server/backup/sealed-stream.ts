/**
 * The backup file format: AES-256-GCM over the gzip of the dump, streamed (a dump never has to fit
 * in memory).
 *
 *   "LUNASBK1" (8) | key id (8) | IV (12) | ciphertext … | GCM tag (16)
 *
 * The first 28 bytes are the header, authenticated as associated data. The key id (first 8 bytes
 * of SHA-256 of the key) lets a restore with the wrong BACKUP_KEY say so instead of failing as
 * "corrupt". The tag is at the end because it is known only after the last byte is encrypted; a
 * reader takes it from the end of the file before streaming the body.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';

export const MAGIC = Buffer.from('LUNASBK1', 'ascii');
export const HEADER_BYTES = MAGIC.length + 8 + 12;
export const TAG_BYTES = 16;

export class BackupFileError extends Error {
	constructor(
		public readonly reason: 'not_a_backup' | 'wrong_key' | 'corrupt',
		message: string
	) {
		super(message);
		this.name = 'BackupFileError';
	}
}

export function parseKey(hex: string): Buffer {
	if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('BACKUP_KEY must be exactly 64 hex characters (openssl rand -hex 32)');
	return Buffer.from(hex, 'hex');
}

export function keyId(key: Buffer): Buffer {
	return createHash('sha256').update(key).digest().subarray(0, 8);
}

/** A Transform that writes the header, the ciphertext, then the tag. */
export function sealStream(key: Buffer): Transform {
	const iv = randomBytes(12);
	const header = Buffer.concat([MAGIC, keyId(key), iv]);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	cipher.setAAD(header);
	let headerSent = false;
	return new Transform({
		transform(chunk: Buffer, _enc, done) {
			if (!headerSent) {
				this.push(header);
				headerSent = true;
			}
			done(null, cipher.update(chunk));
		},
		flush(done) {
			if (!headerSent) this.push(header);
			this.push(cipher.final());
			done(null, cipher.getAuthTag());
		}
	});
}

/**
 * The plaintext of a sealed file as a stream. GCM only proves the data authentic at the end, so
 * callers that act on the data (a restore) read it through once with `verifySealedFile` first.
 */
export async function openSealedFile(file: string, key: Buffer): Promise<Readable> {
	const handle = await open(file, 'r');
	let header: Buffer;
	let tag: Buffer;
	let size: number;
	try {
		size = (await handle.stat()).size;
		if (size < HEADER_BYTES + TAG_BYTES) throw new BackupFileError('not_a_backup', `${file} is not a Lunas backup (too short)`);
		header = Buffer.alloc(HEADER_BYTES);
		await handle.read(header, 0, HEADER_BYTES, 0);
		if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupFileError('not_a_backup', `${file} is not a Lunas backup`);
		if (!header.subarray(MAGIC.length, MAGIC.length + 8).equals(keyId(key))) {
			throw new BackupFileError('wrong_key', `${file} was made with another BACKUP_KEY`);
		}
		tag = Buffer.alloc(TAG_BYTES);
		await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
	} finally {
		await handle.close();
	}
	const decipher = createDecipheriv('aes-256-gcm', key, header.subarray(MAGIC.length + 8));
	decipher.setAAD(header);
	decipher.setAuthTag(tag);
	const body = size - TAG_BYTES - HEADER_BYTES;
	const source = body > 0 ? createReadStream(file, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 }) : Readable.from([] as Buffer[]);
	const out = new Transform({
		transform(chunk: Buffer, _enc, done) {
			done(null, decipher.update(chunk));
		},
		flush(done) {
			try {
				done(null, decipher.final());
			} catch {
				done(new BackupFileError('corrupt', `${file} is damaged or was altered (authentication failed)`));
			}
		}
	});
	source.on('error', (err: Error) => out.destroy(err));
	return source.pipe(out);
}
