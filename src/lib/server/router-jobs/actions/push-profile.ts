/** push-profile: a package's rate limit onto its PPP or hotspot user profile on one router. */
import { eq } from 'drizzle-orm';
import { packages } from '../../db/schema';
import type { RouterClient } from '../../routeros/types';
import { PermanentJobError, type RouterJobHandler } from '../job-context';
import { findBy, HOTSPOT_MENUS, PPPOE_MENUS, rateLimitOf, type AccountMenus } from './router-menus';
import type { PackageRow } from './target';

export function menusOfPackage(pkg: PackageRow): AccountMenus {
	if (pkg.serviceType === 'static') {
		throw new PermanentJobError(`package "${pkg.name}" is a static-IP package; it has no router profile to push`);
	}
	return pkg.serviceType === 'hotspot' ? HOTSPOT_MENUS : PPPOE_MENUS;
}

/** Creates the package's profile if the router has none by that name; an existing one is left alone. */
export async function ensurePackageProfile(client: RouterClient, menus: AccountMenus, pkg: PackageRow): Promise<boolean> {
	const existing = await findBy(client, menus.profiles, { name: pkg.routerProfile });
	if (existing.length > 0) return false;
	await client.add(menus.profiles, { name: pkg.routerProfile, 'rate-limit': rateLimitOf(pkg) });
	return true;
}

export const pushProfileHandler: RouterJobHandler = async (ctx) => {
	const packageId = ctx.job.payload?.packageId;
	if (typeof packageId !== 'string') throw new PermanentJobError('push-profile needs payload.packageId');
	const [pkg] = await ctx.db.select().from(packages).where(eq(packages.id, packageId));
	if (!pkg) throw new PermanentJobError(`package ${packageId} does not exist`);
	const menus = menusOfPackage(pkg);
	const rateLimit = rateLimitOf(pkg);

	const [existing] = await findBy(ctx.client, menus.profiles, { name: pkg.routerProfile });
	let changed = false;
	if (!existing) {
		await ctx.client.add(menus.profiles, { name: pkg.routerProfile, 'rate-limit': rateLimit });
		changed = true;
	} else if (existing['rate-limit'] !== rateLimit) {
		await ctx.client.set(menus.profiles, existing['.id'], { 'rate-limit': rateLimit });
		changed = true;
	}

	const [after] = await findBy(ctx.client, menus.profiles, { name: pkg.routerProfile });
	if (!after) throw new Error(`read-back: profile ${pkg.routerProfile} is not on the router`);
	if (after['rate-limit'] !== rateLimit) {
		throw new Error(`read-back: profile ${pkg.routerProfile} has rate-limit "${after['rate-limit'] ?? ''}", expected "${rateLimit}"`);
	}
	return { profile: pkg.routerProfile, menu: menus.profiles, rateLimit, changed };
};
