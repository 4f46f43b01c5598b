/**
 * Believable Indonesian customers: names, WhatsApp numbers, e-mail addresses, street addresses
 * and house coordinates, all drawn from the seeded random source.
 */
import type { Random } from './prng';
import {
	EMAIL_DOMAINS,
	MOBILE_PREFIXES,
	NAME_GROUPS,
	type DemoAreaTemplate,
	type NameGroup
} from './indonesian-names';

export interface PersonName {
	/** Full name as written on the invoice. */
	name: string;
	/** The name people call them by, lowercase ASCII: the stem of the PPPoE username. */
	callName: string;
	/** Lowercase ASCII words of the name, for e-mail addresses. */
	words: string[];
}

function asciiWord(word: string): string {
	return word.toLowerCase().replace(/[^a-z]/g, '');
}

function nameFromGroup(rng: Random, group: NameGroup): PersonName {
	const female = rng.chance(0.45);
	const mononyms = female ? group.femaleMononyms : group.maleMononyms;
	if (mononyms && rng.chance(group.mononymShare ?? 0)) {
		const single = rng.pick(mononyms);
		return { name: single, callName: asciiWord(single), words: [asciiWord(single)] };
	}
	const given = rng.pick(female ? group.femaleGiven : group.maleGiven);
	let family = rng.pick(female ? group.femaleFamily : group.maleFamily);
	// "Siti Siti" or "Halim Halim" happen in the lists' cross product but not in real life.
	while (family === given) family = rng.pick(female ? group.femaleFamily : group.maleFamily);
	const muhammad = !female && rng.chance(group.muhammadShare ?? 0);
	const parts = muhammad ? ['Muhammad', given, family] : [given, family];
	return {
		name: parts.join(' '),
		callName: asciiWord(given),
		// "br." (boru) in Batak women's names is not something anyone puts in an e-mail address.
		words: parts
			.flatMap((p) => p.split(' '))
			.map(asciiWord)
			.filter((w) => w.length > 0 && w !== 'br')
	};
}

/** A name not in `taken` (two customers with the same full name only confuse the demo). */
export function uniquePersonName(rng: Random, taken: Set<string>): PersonName {
	const groups = NAME_GROUPS.map((g) => [g, g.weight] as const);
	for (let attempt = 0; ; attempt++) {
		const person = nameFromGroup(rng, rng.weighted(groups));
		if (!taken.has(person.name) || attempt > 50) {
			taken.add(person.name);
			return person;
		}
	}
}

/** An Indonesian mobile number as people give it for WhatsApp: 08xx…, 10–13 digits. */
export function uniqueMobileNumber(rng: Random, taken: Set<string>): string {
	for (;;) {
		const { prefix, lengths } = rng.weighted(MOBILE_PREFIXES);
		const length = rng.pick(lengths);
		// The first subscriber digit is never 0 on Indonesian mobile numbers.
		const phone = prefix + String(rng.int(1, 9)) + rng.digits(length - prefix.length - 1);
		if (!taken.has(phone)) {
			taken.add(phone);
			return phone;
		}
	}
}

/** The kind of address a person makes up at 17 and keeps for life. */
export function emailFor(rng: Random, person: PersonName): string {
	const [first, ...rest] = person.words;
	const last = rest[rest.length - 1] ?? '';
	// Birth years 1970–2005, written the way people do in addresses: two digits.
	const year = twoDigits(rng.int(1970, 2005) % 100);
	const local = rng.weighted<string>([
		[last ? `${first}.${last}` : first, 30],
		[`${first}${last}${rng.int(1, 99)}`, 25],
		[`${first}${year}`, 20],
		[last ? `${first}_${last}` : `${first}_${year}`, 10],
		[`${first}.${rest.map((w) => w[0]).join('')}${year}`, 15]
	]);
	return `${local}@${rng.weighted(EMAIL_DOMAINS)}`;
}

function twoDigits(n: number): string {
	return String(n).padStart(2, '0');
}

/** "Jl. Melati No. 12, RT 03/RW 05, Kel. Karangklesem", or "Perum … Blok C2 No. 7, …" in an estate. */
export function addressIn(rng: Random, area: DemoAreaTemplate): string {
	const rt = `RT ${twoDigits(rng.int(1, area.rtMax))}/RW ${twoDigits(rng.pick(area.rw))}`;
	const house = area.estate
		? `${area.estate.name} Blok ${rng.pick(area.estate.blocks)} No. ${rng.int(1, 24)}`
		: `${rng.pick(area.streets)} No. ${rng.int(1, 60)}${rng.chance(0.08) ? rng.pick(['A', 'B']) : ''}`;
	return `${house}, ${rt}, Kel. ${area.kelurahan}`;
}

/** A house within a few hundred metres of the area's centre, as DECIMAL(9,6) strings. */
export function coordinatesIn(rng: Random, area: DemoAreaTemplate): { latitude: string; longitude: string } {
	const jitter = () => (rng.float() - 0.5) * 0.008;
	return {
		latitude: (area.latitude + jitter()).toFixed(6),
		longitude: (area.longitude + jitter()).toFixed(6)
	};
}

/** A PPPoE password a technician can read out over the phone: no look-alike characters. */
export function servicePassword(rng: Random): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	let out = '';
	for (let i = 0; i < 8; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
	return out;
}

/** `budi` + 2–3 digits, unique on the router (more digits once a popular name runs out). */
export function uniqueServiceUsername(rng: Random, callName: string, taken: Set<string>): string {
	const stem = callName.slice(0, 12) || 'pelanggan';
	for (let attempt = 0; ; attempt++) {
		const username = `${stem}${rng.int(10, attempt < 20 ? 999 : 99_999)}`;
		if (!taken.has(username)) {
			taken.add(username);
			return username;
		}
	}
}
