import { notificationEndpoint } from '$lib/server/midtrans/endpoint';

/** The same endpoint under the path the original setup guide used. */
export const POST = notificationEndpoint;
