import { describe, expect, it } from 'vitest';
import { midtransSignature, verifyMidtransSignature } from './signature';

const KEY = 'askvnoibnosifnboseofinbofinfgbiufglnbfg';
const VECTOR =
	'edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e2375d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231';

describe('Midtrans notification signature', () => {
	it('matches the DESIGN §6 test vector', () => {
		expect(midtransSignature('1111', '200', '100000.00', KEY)).toBe(VECTOR);
	});

	it('accepts the vector and refuses any field changed', () => {
		const n = { order_id: '1111', status_code: '200', gross_amount: '100000.00', signature_key: VECTOR };
		expect(verifyMidtransSignature(n, KEY)).toBe(true);
		expect(verifyMidtransSignature({ ...n, gross_amount: '100000' }, KEY)).toBe(false);
		expect(verifyMidtransSignature({ ...n, status_code: '201' }, KEY)).toBe(false);
		expect(verifyMidtransSignature({ ...n, signature_key: VECTOR.slice(0, -1) }, KEY)).toBe(false);
		expect(verifyMidtransSignature({ ...n, signature_key: `${VECTOR.slice(0, -1)}0` }, KEY)).toBe(false);
		expect(verifyMidtransSignature(n, 'another-key')).toBe(false);
	});

	it('refuses non-string fields and an empty server key', () => {
		expect(verifyMidtransSignature({ order_id: '1111', status_code: 200, gross_amount: '100000.00', signature_key: VECTOR }, KEY)).toBe(false);
		expect(verifyMidtransSignature({ order_id: '1111', status_code: '200', gross_amount: '100000.00', signature_key: VECTOR }, '')).toBe(false);
	});
});
