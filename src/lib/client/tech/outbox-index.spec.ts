import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '$lib/client/offline/db';
import { indexOutbox, syncStateOf } from './outbox-index';

const entry = (seq: number, op: OutboxEntry['op'], status: OutboxEntry['status']): OutboxEntry => ({ seq, opId: `op${seq}`, op, createdAt: '', status, attempts: 0 });

describe('outbox index', () => {
	const index = indexOutbox([
		entry(1, { type: 'cash-payment', paymentId: 'p1', customerId: 'c', invoiceId: null, amount: 1, receivedAt: '' }, 'applied'),
		entry(2, { type: 'visit', visitId: 'v1', customerId: 'c', outcome: 'not-home', visitedAt: '' }, 'rejected'),
		entry(3, { type: 'register-customer', customerId: 'c2', subscriptionId: 's2', name: 'x', address: 'xyz', areaId: 'a', packageId: 'p', startDate: '2026-11-24' }, 'pending')
	]);

	it('tells the state of each row from its operation', () => {
		expect(syncStateOf(index, 'p1', true)).toBe('synced');
		expect(syncStateOf(index, 'v1')).toBe('rejected');
		expect(syncStateOf(index, 'c2')).toBe('pending');
		expect(syncStateOf(index, 's2')).toBe('pending');
		expect(syncStateOf(index, 'server-row')).toBe('synced');
		expect(syncStateOf(index, 'odd-row', true)).toBe('pending');
	});
});
