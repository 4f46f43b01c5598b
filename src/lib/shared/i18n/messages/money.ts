import { defineMessages } from '../define';

/** What the one rupiah reader (`shared/rupiah-input.ts`) says about typed amounts. */
export const moneyMessages = defineMessages(
	{
		'money.reads': '= {amount}',
		'money.empty': 'Isi jumlah dalam rupiah, mis. 150.000.',
		'money.unrecognised': '“{text}” tidak terbaca sebagai jumlah rupiah. Contoh: 150000, 150.000, Rp 150.000, 150rb, 1,5 jt.',
		'money.negative': '“{text}” negatif; jumlah tidak boleh kurang dari Rp 0.',
		'money.tooLarge': '“{text}” terbaca {amount}, lebih dari batas {max}.',
		'money.ambiguousComma':
			'“{text}” bisa dibaca {asThousands} (koma pemisah ribuan) atau {asDecimal} (koma desimal). Rupiah memisah ribuan dengan titik: tulis 150.000 atau 150000.',
		'money.commaThousands': '“{text}” memakai koma sebagai pemisah ribuan; jika maksudnya {asThousands}, tulis dengan titik atau tanpa pemisah.',
		'money.fraction': '“{text}” terbaca {whole} ditambah pecahan “{fraction}”, padahal rupiah tidak bersen. Titik hanya memisah ribuan per tiga angka (150.000).',
		'money.grouping': '“{text}”: titik harus memisah ribuan per tiga angka, mis. 1.500.000.',
		'money.ambiguousUnit': '“{text}” bisa dibaca {asThousands} atau {asDecimal}. Tulis mis. 1,5 jt atau 1.500.000.',
		'money.tooSmall': 'Jumlah harus lebih dari Rp 0.'
	},
	{
		'money.reads': '= {amount}',
		'money.empty': 'Enter an amount in rupiah, e.g. 150.000.',
		'money.unrecognised': '“{text}” does not read as a rupiah amount. Examples: 150000, 150.000, Rp 150.000, 150rb, 1,5 jt.',
		'money.negative': '“{text}” is negative; the amount cannot be below Rp 0.',
		'money.tooLarge': '“{text}” reads as {amount}, more than the limit of {max}.',
		'money.ambiguousComma':
			'“{text}” could be {asThousands} (comma separating thousands) or {asDecimal} (decimal comma). Rupiah separates thousands with a dot: type 150.000 or 150000.',
		'money.commaThousands': '“{text}” uses commas between thousands; if you mean {asThousands}, use dots or no separator.',
		'money.fraction': '“{text}” reads as {whole} plus a fraction “{fraction}”, but rupiah has no cents. A dot only separates thousands, in groups of three (150.000).',
		'money.grouping': '“{text}”: dots must separate thousands in groups of three, e.g. 1.500.000.',
		'money.ambiguousUnit': '“{text}” could be {asThousands} or {asDecimal}. Type e.g. 1,5 jt or 1.500.000.',
		'money.tooSmall': 'The amount must be more than Rp 0.'
	}
);
