/** What the demo ISP sells and the router it runs on. */
import type { ServiceType } from '../../shared/domain';

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

/**
 * The demo router. Nothing listens on 127.0.0.1:8728 in a demo, so router jobs fail visibly
 * and the router shows as down, which is what an operator should see for an unreachable box.
 */
export const DEMO_ROUTER = {
	name: 'Router Utama',
	host: '127.0.0.1',
	apiPort: 8728,
	username: 'admin',
	password: 'demo-router-123'
} as const;
