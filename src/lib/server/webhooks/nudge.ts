/** In-process wake-up for the webhook worker (loops/nudge). */
import { createNudge } from '../loops/nudge';

const nudge = createNudge();
export const onWebhooksNudged = nudge.on;
export const nudgeWebhooks = (): void => nudge.send();
