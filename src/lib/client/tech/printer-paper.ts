/**
 * The paper in this phone's Bluetooth receipt printer (58 or 80 mm), a setting of the phone rather
 * than of the ISP: collectors of one ISP carry different printers. localStorage keeps it offline
 * and across reloads; 58 mm, the common cheap printer, when unset or unreadable.
 */
import { isPaperWidth, type PaperWidth } from '$lib/shared/escpos';

const KEY = 'lunas.printer.paper';

export function loadPaperWidth(): PaperWidth {
	try {
		const stored = Number(localStorage.getItem(KEY));
		return isPaperWidth(stored) ? stored : 58;
	} catch {
		return 58;
	}
}

export function savePaperWidth(width: PaperWidth): void {
	try {
		localStorage.setItem(KEY, String(width));
	} catch {
		// Storage disabled: the receipt prints for 58 mm, as before the choice.
	}
}
