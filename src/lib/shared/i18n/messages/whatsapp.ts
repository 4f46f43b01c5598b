import { defineMessages } from '../define';

/** The WhatsApp outbox and its gateway settings (issue #16). */
export const whatsappMessages = defineMessages(
	{
		'whatsapp.invalidNumber': 'Bukan nomor WhatsApp yang valid: gunakan nomor HP Indonesia, mis. 0812 3456 7890',
		'whatsapp.notFound': 'Pesan tidak ditemukan',
		'whatsapp.notRetriable': 'Hanya pesan yang gagal, berhenti dicoba, dibatalkan atau belum pasti yang bisa dikirim ulang',
		'whatsapp.notCancellable': 'Pesan ini sudah terkirim atau sudah selesai',
		'whatsapp.notUnsure': 'Hanya pesan berstatus "belum pasti" yang bisa ditandai terkirim',
		'whatsapp.noGateway': 'Belum ada gateway WhatsApp yang aktif: pilih dan simpan gateway dulu',
		'whatsapp.noNumber': 'Pesan ini tidak punya nomor WhatsApp yang valid: perbaiki nomor pelanggan dulu',
		'history.whatsapp.retry': 'Pesan WhatsApp dikirim ulang',
		'history.whatsapp.cancel': 'Pesan WhatsApp dibatalkan',
		'history.whatsapp.markSent': 'Pesan WhatsApp ditandai terkirim',
		'history.whatsapp.test': 'Pesan uji WhatsApp dikirim',
		'auditEntity.wa_message': 'Pesan WhatsApp'
	},
	{
		'whatsapp.invalidNumber': 'Not a valid WhatsApp number: use an Indonesian mobile number, e.g. 0812 3456 7890',
		'whatsapp.notFound': 'Message not found',
		'whatsapp.notRetriable': 'Only failed, dead, cancelled or unsure messages can be sent again',
		'whatsapp.notCancellable': 'This message has already been sent or is finished',
		'whatsapp.notUnsure': 'Only messages marked "unsure" can be marked as sent',
		'whatsapp.noGateway': 'No WhatsApp gateway is active: choose and save one first',
		'whatsapp.noNumber': 'This message has no valid WhatsApp number: fix the customer’s number first',
		'history.whatsapp.retry': 'WhatsApp message sent again',
		'history.whatsapp.cancel': 'WhatsApp message cancelled',
		'history.whatsapp.markSent': 'WhatsApp message marked as sent',
		'history.whatsapp.test': 'WhatsApp test message sent',
		'auditEntity.wa_message': 'WhatsApp message'
	}
);
