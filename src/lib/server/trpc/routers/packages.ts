import { adminProcedure, createRouter, officeProcedure, staffProcedure } from '../trpc';
import { actorOf } from '../actor';
import { idInput, packageCreateInput, packageListInput, packagePushProfileInput, packageUpdateInput } from '../../../shared/schemas/catalogue';
import { pushPackageProfile } from '../../routers/push-profile.service';
import { createPackage, deletePackage, getPackage, listPackages, packageOptions, updatePackage } from '../../catalogue/packages.service';

const readers = staffProcedure;

export const packagesRouter = createRouter({
	list: readers.input(packageListInput).query(({ ctx, input }) => listPackages(ctx.db, input)),
	/** Live, active packages, for choosing one for a subscription. */
	options: readers.query(({ ctx }) => packageOptions(ctx.db)),
	get: readers.input(idInput).query(({ ctx, input }) => getPackage(ctx.db, input.id, actorOf(ctx))),
	create: officeProcedure.input(packageCreateInput).mutation(({ ctx, input }) => createPackage(ctx.db, input, actorOf(ctx))),
	update: officeProcedure.input(packageUpdateInput).mutation(({ ctx, input }) => updatePackage(ctx.db, input, actorOf(ctx))),
	/** "Kirim profil ke router": a push-profile job on the chosen router; the same requestId queues it once. */
	pushProfile: officeProcedure.input(packagePushProfileInput).mutation(({ ctx, input }) => pushPackageProfile(ctx.db, input, actorOf(ctx))),
	delete: adminProcedure.input(idInput).mutation(({ ctx, input }) => deletePackage(ctx.db, input.id, actorOf(ctx)))
});
