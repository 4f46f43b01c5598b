import { z } from 'zod';
import { text } from './text';
import { localDateInput } from './dates';

export const API_KEY_SCOPES = ['read', 'read-write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** An admin creating a key: areas null = all areas; expiry is the last local day it works. */
export const apiKeyCreateInput = z.object({
	name: text().trim().min(1).max(80),
	scope: z.enum(API_KEY_SCOPES),
	areaIds: z.array(z.uuid()).min(1, { message: 'validation.apiKeyAreas' }).max(200).nullable(),
	expiresOn: localDateInput.nullable().optional()
});
