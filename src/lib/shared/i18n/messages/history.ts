import { defineMessages } from '../define';

/** Audited actions as a customer's and an invoice's history name them (keys follow audit_log.action). */
export const historyMessages = defineMessages(
	{
		'history.customer.create': 'Pelanggan dibuat',
		'history.customer.update': 'Data pelanggan diubah',
		'history.customer.delete': 'Pelanggan dihapus',
		'history.customer.portalPin': 'PIN portal pelanggan diatur',
		'history.subscription.portalPassword': 'Sandi layanan diganti pelanggan di portal',
		'history.subscription.create': 'Langganan dibuat',
		'history.subscription.import': 'Langganan diimpor dari router',
		'history.subscription.changePackage': 'Paket diganti',
		'history.subscription.isolate': 'Layanan diisolir',
		'history.subscription.restore': 'Layanan dipulihkan',
		'history.subscription.promiseToPay': 'Janji bayar dicatat',
		'history.subscription.terminate': 'Langganan dihentikan',
		'history.subscription.assignRouter': 'Router dipilih',
		'history.invoice.void': 'Tagihan dibatalkan',
		'history.payment.record': 'Pembayaran dicatat',
		'history.payment.void': 'Pembayaran dibatalkan'
	},
	{
		'history.customer.create': 'Customer created',
		'history.customer.update': 'Customer details changed',
		'history.customer.delete': 'Customer deleted',
		'history.customer.portalPin': 'Customer portal PIN set',
		'history.subscription.portalPassword': 'Service password changed by the customer in the portal',
		'history.subscription.create': 'Subscription created',
		'history.subscription.import': 'Subscription imported from the router',
		'history.subscription.changePackage': 'Package changed',
		'history.subscription.isolate': 'Service isolated',
		'history.subscription.restore': 'Service restored',
		'history.subscription.promiseToPay': 'Promise to pay recorded',
		'history.subscription.terminate': 'Subscription ended',
		'history.subscription.assignRouter': 'Router assigned',
		'history.invoice.void': 'Invoice voided',
		'history.payment.record': 'Payment recorded',
		'history.payment.void': 'Payment voided'
	}
);
