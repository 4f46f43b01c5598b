import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { pwaOptions } from './src/lib/client/pwa/pwa-config.js';

export default defineConfig({
	// The PWA plugin builds the technician app's service worker (see src/lib/client/pwa/pwa-config.js).
	plugins: [sveltekit(), SvelteKitPWA(pwaOptions(process.env.LUNAS_KIT_DIR ?? '.svelte-kit'))],
	test: {
		include: ['src/**/*.spec.ts', 'tests/integration/**/*.spec.ts', 'tests/fuzz/**/*.spec.ts'],
		environment: 'node',
		// The server's own zone must never matter: run every test on a UTC clock, 7 h behind WIB.
		env: { TZ: 'UTC', LOG_LEVEL: 'silent' },
		// Every spec file gets its own database inside the run's throwaway schema prefix (tests/db.ts),
		// so files may run in parallel without seeing each other's rows.
		fileParallelism: true,
		// Generous on purpose: these bound a hang, not speed. The suite must pass on a machine busy
		// with other work (two CPU burners beside it), where migrating a throwaway database alone
		// can take tens of seconds; speed is measured in bench/, never here.
		testTimeout: 120_000,
		hookTimeout: 180_000
	}
});
