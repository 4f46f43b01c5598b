/** In-process wake-up for the router job worker (loops/nudge). */
import { createNudge } from '../loops/nudge';

const nudge = createNudge();
export const onRouterJobsNudged = nudge.on;
export const nudgeRouterJobs = (): void => nudge.send();
