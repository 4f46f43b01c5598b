/**
 * In-process wake-up for the WhatsApp worker (loops/nudge): a message enqueued here goes out at
 * the next rate slot instead of the next poll.
 */
import { createNudge } from '../loops/nudge';

const nudge = createNudge();
export const onWhatsAppNudged = nudge.on;
export const nudgeWhatsApp = (): void => nudge.send();
