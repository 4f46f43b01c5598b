import { describe, expect, it } from 'vitest';
import { id } from './id';
import { en } from './en';
import { featureMessages } from './messages/index';

const indonesian: Record<string, string> = { ...id, ...featureMessages.id };
const english: Record<string, string> = { ...en, ...featureMessages.en };

/**
 * Words that are the same in both languages, so a label made only of them (and placeholders,
 * digits, punctuation) may read the same. Each group says why; keep it short.
 */
const SAME_IN_BOTH = new Set([
	// Names: the product, services, protocols and hardware terms as their makers spell them.
	'Lunas', 'Midtrans', 'WhatsApp', 'RouterOS', 'PPPoE', 'Hotspot', 'TLS', 'HTTP', 'CPU', 'MAC', 'Fonnte', 'Wablas', 'Meta',
	// Indonesian uses these words as they are.
	'Admin', 'Area', 'Bank', 'Email', 'Gateway', 'Logo', 'Menu', 'Online', 'Offline', 'Router', 'Status', 'Token', 'Total',
	// The currency's name, which English writes as it is (a kuitansi's amount in words ends in it).
	'Rupiah',
	// Field names as the RouterOS and Midtrans screens show them, which staff compare against.
	'Caller', 'ID', 'Order', 'Server', 'Client', 'key', 'Rate', 'limit', 'Uptime', 'Interface',
	// …and as the WhatsApp gateways' dashboards show them (Meta: Phone number ID, Access token, App secret).
	'Phone', 'number', 'Access', 'App', 'Secret',
	// Each language's name is written in that language on both sides of the switch.
	'Bahasa', 'Indonesia', 'English'
].map((w) => w.toLowerCase()));

/** Text sent to customers, who read Indonesian whatever the staff member's language. */
const CUSTOMER_FACING = new Set<string>([]);

/** Keys whose text is identical in both languages and not made only of shared words. */
function untranslatedKeys(idText: Record<string, string>, enText: Record<string, string>): string[] {
	return Object.keys(idText).filter((k) => {
		if (idText[k] !== enText[k] || CUSTOMER_FACING.has(k)) return false;
		const words = idText[k].replace(/\{\w+\}/g, ' ').match(/\p{L}+/gu) ?? [];
		return words.some((w) => !SAME_IN_BOTH.has(w.toLowerCase()));
	});
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogue completeness', () => {
	it('has every key in both languages, with text', () => {
		expect(Object.keys(english).sort()).toEqual(Object.keys(indonesian).sort());
		const empty = Object.keys(indonesian).filter((k) => !indonesian[k]?.trim() || !english[k]?.trim());
		expect(empty).toEqual([]);
	});

	it('uses the same placeholders in both languages', () => {
		const mismatched = Object.keys(indonesian)
			.filter((k) => placeholders(indonesian[k]).join() !== placeholders(english[k] ?? '').join())
			.map((k) => `${k}: ${indonesian[k]} | ${english[k]}`);
		expect(mismatched).toEqual([]);
	});

	it('translates every message, apart from words both languages share', () => {
		expect(untranslatedKeys(indonesian, english)).toEqual([]);
	});

	it('still notices a sentence left in Indonesian beside a shared word', () => {
		const idText = { a: 'Status pembayaran', b: '{count} online', c: 'Router' };
		expect(untranslatedKeys(idText, { ...idText })).toEqual(['a']);
	});
});
