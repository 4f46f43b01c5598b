/**
 * Test fixture (outbox.spec.ts): a worker in its own process, so the test can kill it with
 * SIGKILL in the middle of a gateway call, the way a crash or an OOM kill would.
 * Env: DATABASE_URL, SIM_URL, LEASE_MS.
 */
import { openDatabase } from '../db/index';
import { createFonnteGateway } from './fonnte';
import { WhatsAppWorker } from './worker';

const handle = openDatabase(process.env.DATABASE_URL!);
const gateway = createFonnteGateway({ token: 'fonnte-token', baseUrl: process.env.SIM_URL!, ratePerSecond: 50, timeoutMs: 60_000 });
const worker = new WhatsAppWorker({
	db: handle.db,
	gateway: async () => gateway,
	timeZone: () => 'Asia/Jakarta',
	leaseMs: Number(process.env.LEASE_MS ?? 1500),
	pollMs: 50,
	workerId: 'doomed-child'
});
worker.start();
process.stdout.write('ready\n');
