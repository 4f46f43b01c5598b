/**
 * Draws the PWA icons in static/icons/ from the Lunas mark (the geometry of static/favicon.svg:
 * a teal disc with a pale crescent moon), with no image tools: shapes are sampled 4×4 per pixel
 * and written as PNG with node:zlib. Run: `npx tsx src/lib/client/pwa/make-icons.ts`.
 *
 * "any" icons are the round mark on transparency; "maskable" ones put the mark at 90 % on a full
 * teal square (the moon's far tip stays at 64 % of the half-width, inside the 80 % safe zone).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
const TEAL: Rgba = [0x0f, 0x76, 0x6e, 255];
const MOON: Rgba = [0xf0, 0xfd, 0xfa, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

const inside = (x: number, y: number, cx: number, cy: number, r: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** The mark in favicon.svg's 64×64 space: disc r30; crescent = circle through (40,14),(50,46) r20 minus the half-chord circle. */
function markAt(x: number, y: number): Rgba | null {
	if (!inside(x, y, 32, 32, 30)) return null;
	if (inside(x, y, 34.59, 33.25, 20) && !inside(x, y, 45, 30, 16.76)) return MOON;
	return TEAL;
}

function render(size: number, maskable: boolean): Buffer {
	const scale = maskable ? 0.9 : 1;
	const pixels = Buffer.alloc(size * (size * 4 + 1));
	const n = 4;
	for (let py = 0; py < size; py++) {
		const row = py * (size * 4 + 1);
		pixels[row] = 0; // PNG filter: none
		for (let px = 0; px < size; px++) {
			const acc = [0, 0, 0, 0];
			for (let sy = 0; sy < n; sy++) {
				for (let sx = 0; sx < n; sx++) {
					// Sample position in the 64-unit mark space, centred and scaled.
					const u = ((px + (sx + 0.5) / n) / size - 0.5) / scale * 64 + 32;
					const v = ((py + (sy + 0.5) / n) / size - 0.5) / scale * 64 + 32;
					const c = markAt(u, v) ?? (maskable ? TEAL : CLEAR);
					// Premultiplied so the transparent edge does not darken the disc.
					acc[0] += c[0] * c[3];
					acc[1] += c[1] * c[3];
					acc[2] += c[2] * c[3];
					acc[3] += c[3];
				}
			}
			const a = acc[3] / (n * n);
			const o = row + 1 + px * 4;
			pixels[o] = a ? Math.round(acc[0] / acc[3]) : 0;
			pixels[o + 1] = a ? Math.round(acc[1] / acc[3]) : 0;
			pixels[o + 2] = a ? Math.round(acc[2] / acc[3]) : 0;
			pixels[o + 3] = Math.round(a);
		}
	}
	return png(size, pixels);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(buf: Buffer): number {
	let c = 0xffffffff;
	for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}
function png(size: number, raw: Buffer): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 6; // RGBA
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const out = new URL('../../../../static/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
for (const size of [192, 512]) {
	writeFileSync(new URL(`icon-${size}.png`, out), render(size, false));
	writeFileSync(new URL(`maskable-${size}.png`, out), render(size, true));
}
// iOS ignores the manifest's icons and draws transparency black: a full-square one for it.
writeFileSync(new URL('apple-touch-icon.png', out), render(180, true));
