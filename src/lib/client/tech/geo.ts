/** Distances on the ground from the phone's GPS fix to customers' houses, and map links. */

export interface LatLng {
	latitude: number;
	longitude: number;
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine): plenty accurate at village scale. */
export function haversineMeters(a: LatLng, b: LatLng): number {
	const rad = Math.PI / 180;
	const dLat = (b.latitude - a.latitude) * rad;
	const dLng = (b.longitude - a.longitude) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The customer's position if both coordinates are stored. */
export function positionOf(row: { latitude: number | null; longitude: number | null }): LatLng | null {
	if (row.latitude == null || row.longitude == null) return null;
	return { latitude: row.latitude, longitude: row.longitude };
}

/** `350 m`, `1,2 km` (Indonesian decimal comma) or `1.2 km`. */
export function formatDistance(meters: number, lang: 'id' | 'en'): string {
	if (meters < 1000) return `${Math.round(meters / 10) * 10} m`;
	const km = meters / 1000;
	const text = km < 10 ? km.toFixed(1) : String(Math.round(km));
	return `${lang === 'id' ? text.replace('.', ',') : text} km`;
}

/** A maps link every phone opens (Google Maps app or browser); coordinates win over the address text. */
export function mapsHref(row: { latitude: number | null; longitude: number | null; address: string }): string {
	const pos = positionOf(row);
	const q = pos ? `${pos.latitude},${pos.longitude}` : row.address;
	return `https://maps.google.com/?q=${encodeURIComponent(q)}`;
}
