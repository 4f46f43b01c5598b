import { hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
// `algorithm: 2` is Algorithm.Argon2id (a const enum that isolated modules cannot import).
const options = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(plain: string): Promise<string> {
	return hash(plain, options);
}

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
	try {
		return await verify(stored, plain);
	} catch {
		return false;
	}
}

/**
 * Verified against when the username is unknown, so a wrong username costs as long as a wrong
 * password and response time does not reveal which accounts exist.
 */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(plain: string): Promise<void> {
	dummyHash ??= hashPassword('lunas-timing-equaliser');
	await verifyPassword(await dummyHash, plain);
}
