import type { RouterJobHandler } from './job-context';
import { convergeSubscription } from './actions/converge';
import { kickHandler } from './actions/kick';
import { pushProfileHandler } from './actions/push-profile';
import { probeRouter } from '../routers/probe-job';
import { reconcileHandler } from '../reconcile/reconcile';
import { importHandler, importPreviewHandler } from '../reconcile/import';

/**
 * Router job handlers by action name. The worker looks a claimed job's action up here; an action
 * with no handler is dead-lettered at once.
 *
 * provision, isolate, restore and remove share one handler on purpose: each converges the router
 * to the subscription's current desired state (see actions/converge.ts).
 *
 * Other modules register their own actions here with one import + one map entry each:
 * 'probe', 'reconcile', 'import-preview', 'import'.
 */
export const ROUTER_JOB_HANDLERS: Record<string, RouterJobHandler> = {
	provision: convergeSubscription,
	isolate: convergeSubscription,
	restore: convergeSubscription,
	remove: convergeSubscription,
	kick: kickHandler,
	'push-profile': pushProfileHandler,
	probe: probeRouter,
	reconcile: reconcileHandler,
	'import-preview': importPreviewHandler,
	import: importHandler
};
