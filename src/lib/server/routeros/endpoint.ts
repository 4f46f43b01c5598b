import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/index';
import { routers } from '../db/schema';
import { decryptSecret } from '../crypto/secret-box';
import { RouterError, type RouterEndpoint } from './types';

/** How to reach a stored router: its address and the decrypted API password. */
export function endpointOf(router: typeof routers.$inferSelect, secretsKey: string): RouterEndpoint {
	return {
		host: router.host,
		port: router.apiPort,
		tls: router.useTls,
		username: router.username,
		password: decryptSecret(router.passwordEnc, secretsKey)
	};
}

/** A loader for RouterPool: reads the router row each time, so edited settings take effect. */
export function routerEndpointLoader(db: DbOrTx, secretsKey: string) {
	return async (routerId: string): Promise<RouterEndpoint> => {
		const [router] = await db.select().from(routers).where(eq(routers.id, routerId));
		if (!router || router.deletedAt) throw new RouterError('connect', `router ${routerId} does not exist`);
		return endpointOf(router, secretsKey);
	};
}
