import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";

export const PASSWORD = "correct horse 42";

export async function register(page: Page, name: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/register");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/login/);
}

/** A separate browser (own cookies), signed in as the given user. */
export async function signedInContext(
  browser: Browser,
  email: string,
  userAgent?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(userAgent ? { userAgent } : {});
  const page = await context.newPage();
  await signIn(page, email);
  await expect(page).toHaveURL(/\/chat$/);
  return { context, page };
}

/** The page's own alerts (Next.js's empty route announcer also has role=alert). */
export const alerts = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');
