import { describe, expect, it } from 'vitest';
import { formatDistance, haversineMeters, mapsHref, positionOf } from './geo';

describe('haversineMeters', () => {
	it('is zero for the same point', () => {
		expect(haversineMeters({ latitude: -7.8, longitude: 110.36 }, { latitude: -7.8, longitude: 110.36 })).toBe(0);
	});

	it('matches known distances', () => {
		// Yogyakarta Tugu → Kraton, about 2.3 km due south.
		const d = haversineMeters({ latitude: -7.7829, longitude: 110.3671 }, { latitude: -7.8053, longitude: 110.3642 });
		expect(d).toBeGreaterThan(2400);
		expect(d).toBeLessThan(2600);
		// One degree of latitude ≈ 111.2 km.
		expect(haversineMeters({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 }) / 1000).toBeCloseTo(111.2, 0);
	});
});

describe('formatting and links', () => {
	it('formats metres and kilometres per language', () => {
		expect(formatDistance(347, 'id')).toBe('350 m');
		expect(formatDistance(1234, 'id')).toBe('1,2 km');
		expect(formatDistance(1234, 'en')).toBe('1.2 km');
		expect(formatDistance(15_600, 'id')).toBe('16 km');
	});

	it('prefers coordinates for maps, else the address', () => {
		expect(mapsHref({ latitude: -7.8, longitude: 110.36, address: 'x' })).toBe('https://maps.google.com/?q=-7.8%2C110.36');
		expect(mapsHref({ latitude: null, longitude: null, address: 'Jl. Melati 5, Sleman' })).toBe(
			'https://maps.google.com/?q=Jl.%20Melati%205%2C%20Sleman'
		);
		expect(positionOf({ latitude: 1, longitude: null })).toBeNull();
	});
});
