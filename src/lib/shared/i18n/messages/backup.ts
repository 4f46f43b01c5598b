import { defineMessages } from '../define';

/** Backups: the dashboard's card and the settings section. */
export const backupMessages = defineMessages(
	{
		'backup.card': 'Cadangan data terakhir',
		'backup.none': 'Belum ada',
		'backup.size': 'Ukuran {size}',
		'backup.stale': 'Sudah lebih dari sehari. Periksa cadangan otomatis.',
		'backup.notConfigured': 'Cadangan belum diatur: BACKUP_KEY belum diisi di server.',
		'backup.failed': 'Cadangan terakhir gagal: {error}',
		'backup.busy': 'Cadangan sedang dibuat. Tunggu sampai selesai.',
		'settings.backup': 'Cadangan data',
		'settings.backupIntro': 'Salinan lengkap database, dienkripsi dengan BACKUP_KEY, disimpan di folder cadangan server. Simpan BACKUP_KEY di luar server ini: tanpanya cadangan tidak bisa dipulihkan.',
		'settings.backupEnabled': 'Buat cadangan otomatis setiap hari',
		'settings.backupAt': 'Jam cadangan',
		'settings.backupAtHelp': 'Waktu setempat ISP, sebaiknya setelah proses tagihan dan pengecekan jatuh tempo.',
		'settings.backupNow': 'Buat cadangan sekarang',
		'settings.backupStarted': 'Cadangan sedang dibuat. Hasilnya tampil di dasbor.',
		'history.settings.backupSchedule': 'Jadwal cadangan diubah',
		'runTask.backup': 'Cadangan data'
	},
	{
		'backup.card': 'Last backup',
		'backup.none': 'None yet',
		'backup.size': 'Size {size}',
		'backup.stale': 'More than a day old. Check the scheduled backup.',
		'backup.notConfigured': 'Backups are not set up: BACKUP_KEY is not set on the server.',
		'backup.failed': 'The last backup failed: {error}',
		'backup.busy': 'A backup is being made. Wait until it finishes.',
		'settings.backup': 'Backups',
		'settings.backupIntro': 'A full copy of the database, encrypted with BACKUP_KEY, kept in the server’s backup folder. Keep BACKUP_KEY somewhere other than this server: without it no backup can be restored.',
		'settings.backupEnabled': 'Back up automatically every day',
		'settings.backupAt': 'Backup time',
		'settings.backupAtHelp': 'The ISP’s local time, best after the billing run and the overdue check.',
		'settings.backupNow': 'Back up now',
		'settings.backupStarted': 'The backup is being made. The dashboard shows the result.',
		'history.settings.backupSchedule': 'Backup schedule changed',
		'runTask.backup': 'Backup'
	}
);
