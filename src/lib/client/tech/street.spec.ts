import { describe, expect, it } from 'vitest';
import { streetKey, streetOf } from './street';

describe('streetOf', () => {
	it.each([
		['Jl. Melati No. 5, RT 02/RW 03, Sinduadi', 'Jl. Melati'],
		['jalan melati 7', 'Jl. Melati'],
		['JLN MELATI NO 12A', 'Jl. Melati'],
		['Gg. Mawar III/12, Karangwaru', 'Gg. Mawar III'],
		['gang kenanga 4', 'Gg. Kenanga'],
		['RT 03 RW 01, Dusun Krapyak', 'Dusun Krapyak'],
		['Perum Griya Asri Blok C-5', 'Perum Griya Asri Blok C-5'],
		['Jl. Kaliurang km 7 no 3', 'Jl. Kaliurang Km 7'],
		['Jl. Kaliurang 7', 'Jl. Kaliurang'],
		['Dekat masjid Al-Ikhlas', 'Dekat Masjid Al-Ikhlas']
	])('%s → %s', (address, street) => {
		expect(streetOf(address)).toBe(street);
	});

	it('returns null when no street is named', () => {
		expect(streetOf('RT 02 / RW 05')).toBeNull();
		expect(streetOf('No. 12')).toBeNull();
		expect(streetOf('')).toBeNull();
	});

	it('groups spelling variants under one key', () => {
		expect(streetKey(streetOf('Jl. Melati 5'))).toBe(streetKey(streetOf('jalan  MELATI no 9')));
		expect(streetKey(null)).toBe('');
	});
});
