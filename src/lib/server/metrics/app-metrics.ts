/**
 * The running app's one metrics registry, kept on globalThis so a dev-server reload neither loses
 * the counts nor registers the metrics twice.
 */
import { getDb } from '../db/index';
import { countSyncPush, createMetrics, type LunasMetrics } from './registry';
import type { PushOutput } from '../../shared/sync/operations';

const holder = globalThis as unknown as { lunasMetrics?: LunasMetrics };

export function appMetrics(): LunasMetrics {
	holder.lunasMetrics ??= createMetrics(getDb);
	return holder.lunasMetrics;
}

export function recordSyncPush(output: PushOutput): PushOutput {
	countSyncPush(appMetrics(), output);
	return output;
}
