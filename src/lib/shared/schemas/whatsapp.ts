/** Inputs of the WhatsApp settings and outbox (browser-safe: the pages validate with them too). */
import { z } from 'zod';
import { WA_GATEWAYS, WA_MESSAGE_KINDS, WA_MESSAGE_STATUSES } from '../whatsapp';

const secret = (max: number) => z.string().trim().max(max).optional();
const rate = z.number().positive().max(100).nullable().optional();
const baseUrl = z.string().trim().url().nullable().optional();

/** What the admin sends for the gateway: a blank secret keeps the stored one. */
export const gatewaySettingsInput = z.object({
	kind: z.enum(WA_GATEWAYS),
	fonnte: z.object({ token: secret(200), baseUrl, ratePerSecond: rate }).optional(),
	wablas: z.object({ token: secret(200), secretKey: secret(200), baseUrl, ratePerSecond: rate }).optional(),
	meta: z
		.object({
			accessToken: secret(1000),
			appSecret: secret(200),
			verifyToken: z.string().trim().max(200).optional(),
			phoneNumberId: z.string().trim().regex(/^\d{0,32}$/).optional(),
			apiVersion: z.string().trim().regex(/^v\d{1,3}\.\d$/).optional(),
			baseUrl,
			ratePerSecond: rate
		})
		.optional()
});

export const testMessageInput = z.object({ phone: z.string().trim().min(1).max(32) });

export const outboxListInput = z.object({
	status: z.enum(WA_MESSAGE_STATUSES).optional(),
	kind: z.enum(WA_MESSAGE_KINDS).optional(),
	customerId: z.uuid().optional(),
	/** Rows with a smaller id than this (the last row of the previous page). */
	before: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
	limit: z.number().int().min(1).max(200).default(50)
});

export const waMessageIdInput = z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
