/**
 * Persistent storage: without it the browser may clear IndexedDB — and with it the outbox of
 * collected cash — when the phone runs low on space. Asked once; the device screen shows the
 * outcome and may ask again.
 */
import { getMeta, setMeta, type OfflineDb, type PersistenceOutcome } from './db';

export async function askPersistenceOnce(db: OfflineDb): Promise<PersistenceOutcome> {
	return (await getMeta(db, 'persistence')) ?? askPersistence(db);
}

export async function askPersistence(db: OfflineDb): Promise<PersistenceOutcome> {
	let outcome: PersistenceOutcome;
	if (!navigator.storage?.persist) outcome = 'unsupported';
	else outcome = (await navigator.storage.persisted()) || (await navigator.storage.persist()) ? 'granted' : 'refused';
	await setMeta(db, 'persistence', outcome);
	return outcome;
}
