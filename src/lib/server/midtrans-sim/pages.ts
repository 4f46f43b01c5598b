/** The simulator's browser-facing bits: snap.js and the small payment screen. */
import type { SimTransaction } from './state';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const rupiah = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;

/** window.snap.pay(token, callbacks) opens the payment screen, like Snap's redirect mode. */
export function snapJs(origin: string): string {
	return `(function(){var base=${JSON.stringify(origin)};window.snap={pay:function(token,opts){window.location.href=base+'/snap/v4/redirection/'+encodeURIComponent(token);},show:function(){},hide:function(){}};})();\n`;
}

function page(title: string, body: string): string {
	return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:420px;margin:0 auto;padding:1rem;color:#1b2430}h1{font-size:1.2rem}
.amount{font-size:1.6rem;font-weight:700}button{display:block;width:100%;padding:.9rem;margin:.5rem 0;font-size:1rem;border-radius:.5rem;border:1px solid #0b6e4f;background:#0b6e4f;color:#fff}
button.alt{background:#fff;color:#0b6e4f}.muted{color:#667}.sim{font-size:.8rem;color:#a33}</style></head><body>${body}</body></html>`;
}

export function paymentScreen(tx: SimTransaction): string {
	const items = tx.items.map((i) => `<li>${esc(i.name)} — ${rupiah(i.price * i.quantity)}</li>`).join('');
	return page(
		'Midtrans (simulator)',
		`<p class="sim">Simulator Midtrans — bukan pembayaran sungguhan</p>
<h1>Pembayaran</h1><p class="muted">Order ${esc(tx.orderId)}</p><p class="amount">${rupiah(tx.grossAmount)}</p><ul>${items}</ul>
<form method="post"><button name="choice" value="va">Bayar VA</button><button name="choice" value="qris">Bayar QRIS</button>
<button class="alt" name="choice" value="deny">Tolak</button><button class="alt" name="choice" value="expire">Biarkan kedaluwarsa</button></form>`
	);
}

export function closedScreen(tx: SimTransaction | undefined): string {
	return page('Midtrans (simulator)', `<h1>Transaksi tidak tersedia</h1><p>${tx ? `Status: ${esc(tx.status ?? 'kedaluwarsa')}` : 'Token tidak dikenal.'}</p>`);
}

export function resultScreen(tx: SimTransaction): string {
	return page('Midtrans (simulator)', `<h1>Status: ${esc(tx.status ?? '')}</h1><p>Order ${esc(tx.orderId)}</p>`);
}
