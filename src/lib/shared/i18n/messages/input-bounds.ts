import { defineMessages } from '../define';

/** Refusals of input outside what Lunas accepts: dates, spans, bodies that are not forms, floods. */
export const inputBoundsMessages = defineMessages(
	{
		'validation.yearRange': 'Tahun harus antara {min} dan {max}.',
		'validation.spanTooLong': 'Rentang terlalu panjang (paling lama {max} bulan).',
		'validation.paymentDate': 'Tanggal terima tidak masuk akal: paling awal tahun {min}, dan tidak boleh di masa depan.',
		'error.notAForm': 'Permintaan tidak bisa dibaca: kirim lewat formulir di halaman ini.',
		'error.tooManyRequests': 'Terlalu banyak permintaan. Coba lagi sebentar lagi.'
	},
	{
		'validation.yearRange': 'The year must be between {min} and {max}.',
		'validation.spanTooLong': 'The range is too long (at most {max} months).',
		'validation.paymentDate': 'The date received makes no sense: no earlier than {min}, and not in the future.',
		'error.notAForm': 'The request could not be read: send it with the form on this page.',
		'error.tooManyRequests': 'Too many requests. Try again in a moment.'
	}
);
