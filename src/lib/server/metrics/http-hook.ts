/**
 * Times every request into lunas_http_request_duration_seconds, labelled by the SvelteKit route id
 * (`/office/customers/[id]`, never the raw path with its ids and pay tokens) so the number of
 * series stays bounded. Requests that match no route share the label "unmatched".
 */
import type { Handle } from '@sveltejs/kit';
import { appMetrics } from './app-metrics';
import { statusClass } from './registry';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export const httpMetrics: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		return response;
	} catch (err) {
		// A redirect or error thrown by a later hook: SvelteKit turns it into a response.
		const s = (err as { status?: unknown })?.status;
		if (typeof s === 'number') status = s;
		throw err;
	} finally {
		const method = METHODS.has(event.request.method) ? event.request.method : 'OTHER';
		appMetrics().httpDuration.observe(
			{ method, route: event.route.id ?? 'unmatched', status_class: statusClass(status) },
			(performance.now() - started) / 1000
		);
	}
};
