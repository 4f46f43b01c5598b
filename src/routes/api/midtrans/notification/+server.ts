import { notificationEndpoint } from '$lib/server/midtrans/endpoint';

/** The notification URL to set in the Midtrans dashboard. */
export const POST = notificationEndpoint;
