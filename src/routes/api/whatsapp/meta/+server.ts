import type { RequestHandler } from './$types';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { readGatewaySettings } from '$lib/server/whatsapp/gateway-settings';
import { answerMetaChallenge, handleMetaWebhook } from '$lib/server/whatsapp/meta-webhook';

/** The callback URL to set in the Meta app dashboard (WhatsApp → Configuration). */
export const GET: RequestHandler = async ({ url }) => {
	const settings = await readGatewaySettings(getDb(), getConfig().SECRETS_KEY);
	const answer = answerMetaChallenge(url.searchParams, settings.meta.verifyToken);
	return new Response(answer.body, { status: answer.status, headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });
};

export const POST: RequestHandler = async ({ request }) => {
	const settings = await readGatewaySettings(getDb(), getConfig().SECRETS_KEY);
	const answer = await handleMetaWebhook(getDb(), await request.text(), request.headers.get('x-hub-signature-256'), settings.meta.appSecret);
	return new Response(answer.body, { status: answer.status, headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });
};
