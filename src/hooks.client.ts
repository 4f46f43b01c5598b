import { z } from 'zod';

// The pages run under a Content-Security-Policy without 'unsafe-eval' (svelte.config.js). Zod
// would otherwise probe `new Function` on its first object parse: the probe is caught, but the
// browser still reports it as a CSP violation. Jitless parsing is what would run anyway.
z.config({ jitless: true });
