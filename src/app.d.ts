import type { SessionUser } from '$lib/server/auth/session';
import type { Language } from '$lib/shared/domain';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			sessionId: string | null;
			lang: Language;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
