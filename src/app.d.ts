import type { SessionUser } from '$lib/server/auth/session';
import type { Language } from '$lib/shared/domain';
import type { PortalSession } from '$lib/server/portal/session';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			sessionId: string | null;
			lang: Language;
			/** A signed-in customer on /pelanggan (portal/session.ts); never set anywhere else. */
			customer: PortalSession | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
