/**
 * Which queued operation made a row, by the row's id: lets the screens mark rows "waiting to
 * sync" or "rejected" from the outbox itself, whatever flags the rows carry.
 */
import type { OutboxEntry } from '$lib/client/offline/db';
import type { SyncOperation } from '$lib/shared/sync/operations';

/** The id of the main row an operation creates. */
export function rowIdOf(op: SyncOperation): string {
	switch (op.type) {
		case 'cash-payment':
			return op.paymentId;
		case 'register-customer':
			return op.customerId;
		case 'visit':
			return op.visitId;
		case 'handover':
			return op.handoverId;
	}
}

export type OutboxIndex = Map<string, OutboxEntry>;

export function indexOutbox(entries: Iterable<OutboxEntry>): OutboxIndex {
	const index: OutboxIndex = new Map();
	for (const e of entries) {
		index.set(rowIdOf(e.op), e);
		// A new installation also creates its subscription.
		if (e.op.type === 'register-customer') index.set(e.op.subscriptionId, e);
	}
	return index;
}

export type RowSyncState = 'pending' | 'rejected' | 'synced';

/** A row without an outbox entry came from the server. */
export function syncStateOf(index: OutboxIndex, rowId: string, rowPending?: boolean): RowSyncState {
	const e = index.get(rowId);
	if (e) return e.status === 'applied' ? 'synced' : e.status;
	return rowPending ? 'pending' : 'synced';
}
