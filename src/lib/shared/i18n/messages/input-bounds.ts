import { defineMessages } from '../define';

/** Refusals of input outside what Lunas accepts: dates, payment dates, bodies that are not forms. */
export const inputBoundsMessages = defineMessages(
	{
		'validation.yearRange': 'Tahun harus antara {min} dan {max}.',
		'validation.paymentDate': 'Tanggal terima tidak masuk akal: paling awal tahun {min}, dan tidak boleh di masa depan.',
		'error.notAForm': 'Permintaan tidak bisa dibaca: kirim lewat formulir di halaman ini.'
	},
	{
		'validation.yearRange': 'The year must be between {min} and {max}.',
		'validation.paymentDate': 'The date received makes no sense: no earlier than {min}, and not in the future.',
		'error.notAForm': 'The request could not be read: send it with the form on this page.'
	}
);
