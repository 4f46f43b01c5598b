import { z } from 'zod';
import { text } from './text';
import { LANGUAGES, ROLES } from '../domain';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../password-policy';

export const usernameSchema = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^[a-z0-9._-]{3,32}$/, { message: 'validation.username' });

/** Every password a person sets (staff create, set password, user:create): see password-policy.ts. */
export const passwordSchema = text()
	.min(PASSWORD_MIN_LENGTH)
	.max(200)
	.refine((p) => p.length < PASSWORD_MIN_LENGTH || passwordProblem(p) === null, { message: 'validation.passwordWeak' });

const phone = text()
	.trim()
	.max(32)
	.optional()
	.transform((v) => (v ? v : null));

export const staffCreateInput = z.object({
	username: usernameSchema,
	name: text().trim().min(1).max(120),
	role: z.enum(ROLES),
	password: passwordSchema,
	phone,
	areaIds: z.array(z.uuid()).max(100).default([])
});

export const staffUpdateInput = z.object({
	id: z.uuid(),
	name: text().trim().min(1).max(120),
	role: z.enum(ROLES),
	phone,
	active: z.boolean(),
	areaIds: z.array(z.uuid()).max(100)
});

export const staffSetPasswordInput = z.object({ id: z.uuid(), password: passwordSchema });

export const languageInput = z.object({ language: z.enum(LANGUAGES) });

export type StaffCreateInput = z.input<typeof staffCreateInput>;
export type StaffUpdateInput = z.input<typeof staffUpdateInput>;
