/**
 * After a correct password the browser follows `next` only on this site: the encodings browsers
 * turn into `//host` (TAB, CR, LF, backslash) land on the user's home page instead.
 */
import { expect, test } from '@playwright/test';
import { demoUser } from './helpers';

for (const next of ['/%09/evil.example', '/%0d%0a/evil.example', '/%5Cevil.example', '/x/..%2F%09/evil.example', '//evil.example']) {
	test(`sign-in with next=${next} stays on this site`, async ({ page }) => {
		const user = demoUser('office');
		await page.goto(`/login?next=${next}`);
		await page.getByLabel('Nama pengguna').fill(user.username);
		await page.getByLabel('Kata sandi').fill(user.password);
		await page.getByRole('button', { name: 'Masuk' }).click();
		await expect(page.getByText(`Masuk sebagai ${user.name}`)).toBeVisible();
		expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
	});
}

test('a next= on this site is followed after sign-in', async ({ page }) => {
	const user = demoUser('office');
	await page.goto('/login?next=%2Foffice%2Fpayments%3Fflagged%3D1');
	await page.getByLabel('Nama pengguna').fill(user.username);
	await page.getByLabel('Kata sandi').fill(user.password);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page).toHaveURL(/\/office\/payments\?flagged=1$/);
});
