import { expect, type Page } from '@playwright/test';
import { DEMO_USERS } from '../../src/lib/server/demo/seed';
import type { Role } from '../../src/lib/shared/domain';

export function demoUser(role: Role) {
	return DEMO_USERS.find((u) => u.role === role)!;
}

/** Signs in through the form and waits until the user can see their home page. */
export async function signInAs(page: Page, role: Role): Promise<void> {
	const user = demoUser(role);
	await page.goto('/login');
	await page.getByLabel('Nama pengguna').fill(user.username);
	await page.getByLabel('Kata sandi').fill(user.password);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page.getByText(`Masuk sebagai ${user.name}`)).toBeVisible();
}
