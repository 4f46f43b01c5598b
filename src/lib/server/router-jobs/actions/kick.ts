/** kick: ends a subscriber's live sessions so the CPE reconnects (and picks up new settings). */
import { PermanentJobError, type RouterJobHandler } from '../job-context';
import { confirmKicked, kickSessions } from './router-menus';
import { loadTarget } from './target';
import { menusOfPackage } from './push-profile';

export const kickHandler: RouterJobHandler = async (ctx) => {
	const target = await loadTarget(ctx.db, ctx);
	if (!target.username) throw new PermanentJobError('the subscription has no service username');
	const menus = menusOfPackage(target.pkg);
	const kicked = await kickSessions(ctx.client, menus, target.username);
	await confirmKicked(ctx.client, menus, target.username, kicked);
	return { name: target.username, kicked: kicked.length };
};
