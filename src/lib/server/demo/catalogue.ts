/** What the demo ISP sells and the routers it runs on. */
import type { IsolationMethod, ServiceType } from '../../shared/domain';

export interface DemoPackage {
	name: string;
	price: number;
	serviceType: ServiceType;
	routerProfile: string;
	rateLimit: string;
	priority: number;
	/** Share of subscriptions on this package. */
	weight: number;
}

/** Typical RT/RW Net price points in Central Java (2025–2026). */
export const DEMO_PACKAGES: readonly DemoPackage[] = [
	{
		name: 'Hemat 5 Mbps',
		price: 100_000,
		serviceType: 'pppoe',
		routerProfile: 'hemat-5m',
		rateLimit: '5M/5M',
		priority: 8,
		weight: 25
	},
	{
		name: 'Rumahan 10 Mbps',
		price: 150_000,
		serviceType: 'pppoe',
		routerProfile: 'rumahan-10m',
		rateLimit: '10M/10M',
		priority: 8,
		weight: 35
	},
	{
		name: 'Keluarga 20 Mbps',
		price: 200_000,
		serviceType: 'pppoe',
		routerProfile: 'keluarga-20m',
		rateLimit: '20M/20M',
		priority: 8,
		weight: 22
	},
	{
		name: 'Premium 30 Mbps',
		price: 275_000,
		serviceType: 'pppoe',
		routerProfile: 'premium-30m',
		rateLimit: '30M/30M',
		priority: 6,
		weight: 10
	},
	{
		name: 'Bisnis 50 Mbps',
		price: 350_000,
		serviceType: 'pppoe',
		routerProfile: 'bisnis-50m',
		rateLimit: '50M/50M',
		priority: 4,
		weight: 5
	},
	// Warung and kos owners resell WiFi through a hotspot login.
	{
		name: 'Hotspot Kios 10 Mbps',
		price: 125_000,
		serviceType: 'hotspot',
		routerProfile: 'kios-10m',
		rateLimit: '10M/10M',
		priority: 8,
		weight: 3
	}
];

export interface DemoRouter {
	name: string;
	host: string;
	/** Where `npm run demo` starts this router's simulator (another free port if it is taken). */
	apiPort: number;
	username: string;
	password: string;
	isolationMethod: IsolationMethod;
	/** The simulator: RouterOS 6 with the pre-6.43 challenge login, or 7.18+ (`!empty` replies). */
	ros: 6 | 7;
	legacyLogin: boolean;
	/** The areas it serves: their customers' subscriptions live on this router. */
	areas: readonly string[];
}

/**
 * The demo ISP's two routers: the older box at the base station (RouterOS 6, isolates by profile)
 * and a newer one for the eastern kampungs (RouterOS 7, isolates by disabling the account).
 * `npm run demo` starts a simulated router for each (demo/demo-routers.ts); without it (the
 * e2e server, a bare `seedDemo`) nothing listens on these ports and the routers show as down.
 */
export const DEMO_ROUTERS: readonly DemoRouter[] = [
	{
		name: 'Router Utama',
		host: '127.0.0.1',
		apiPort: 18728,
		username: 'admin',
		password: 'demo-router-123',
		isolationMethod: 'profile',
		ros: 6,
		legacyLogin: true,
		areas: ['Karangklesem', 'Teluk', 'Perum Griya Tanjung Permai']
	},
	{
		name: 'Router Timur',
		host: '127.0.0.1',
		apiPort: 18729,
		username: 'lunas',
		password: 'demo-router-456',
		isolationMethod: 'disable',
		ros: 7,
		legacyLogin: false,
		areas: ['Berkoh', 'Arcawinangun']
	}
];
