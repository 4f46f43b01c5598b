import type { Context } from './trpc';
import type { SessionUser } from '../auth/session';
import type { Role } from '../../shared/domain';
import type { Translator } from '../../shared/i18n/index';

/** Who is calling a service: for role scoping, the audit trail and translated errors. */
export interface Actor {
	userId: string;
	role: Role;
	ipAddress: string | null;
	t: Translator;
	/** Set for a REST API key limited to some areas: it sees only their customers, like a technician. */
	areaIds?: string[] | null;
}

export const actorOf = (ctx: Context & { user: SessionUser }): Actor => ({
	userId: ctx.user.id,
	role: ctx.user.role,
	ipAddress: ctx.ipAddress,
	t: ctx.t
});
