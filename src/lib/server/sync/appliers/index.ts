import type { SyncOperation } from '../../../shared/sync/operations';
import type { ApplyContext } from './context';
import { applyCashPayment } from './cash-payment';
import { applyRegisterCustomer } from './register-customer';
import { applyVisit } from './visit';
import { applyHandover } from './handover';

/** Carries one operation out inside its transaction; throws SyncRejection (or a service's field error) to refuse it. */
export function applyOperation(op: SyncOperation, ctx: ApplyContext): Promise<Record<string, unknown>> {
	switch (op.type) {
		case 'cash-payment':
			return applyCashPayment(op, ctx);
		case 'register-customer':
			return applyRegisterCustomer(op, ctx);
		case 'visit':
			return applyVisit(op, ctx);
		case 'handover':
			return applyHandover(op, ctx);
	}
}
