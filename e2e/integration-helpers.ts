import { type Browser, expect, type Page, type TestInfo } from "@playwright/test";
import { alerts, register, signIn } from "./helpers";

/** Helpers for integrations.spec.ts: integration cards, the add form, and signed-in contexts. */

export type ContextOptions = Parameters<Browser["newContext"]>[0];

export const cardOf = (page: Page, name: string) => page.getByRole("article", { name, exact: true });
export const statusOf = (page: Page, name: string) => cardOf(page, name).getByTestId("integration-status");

/**
 * Signs in as the instance admin. foundation.spec creates that account first; when this spec runs
 * alone on a fresh instance, registering it makes it the admin (the first account always is).
 */
export async function signInAdmin(page: Page, admin: { name: string; email: string }): Promise<void> {
  await signIn(page, admin.email);
  const wrong = alerts(page).filter({ hasText: "Wrong email or password" });
  const outcome = async () =>
    /\/chat$/.test(page.url()) ? "signed-in" : (await wrong.isVisible()) ? "no-admin-yet" : "waiting";
  await expect.poll(outcome).not.toBe("waiting");
  if ((await outcome()) === "no-admin-yet") {
    await register(page, admin.name, admin.email);
    await expect(page).toHaveURL(/\/chat$/);
  }
}

/** A separate browser context (own cookies) signed in by `signInAs`. */
export async function contextAs(
  browser: Browser,
  signInAs: (page: Page) => Promise<void>,
  opts: ContextOptions = {},
) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  await signInAs(page);
  return { context, page };
}

export async function addIntegration(
  page: Page,
  input: { provider: string; name: string; apiKey: string; baseUrl: string },
): Promise<void> {
  await page.getByRole("button", { name: "Add integration" }).click();
  const form = page.getByRole("form", { name: "Add integration" });
  await expect(form.getByLabel("Provider")).toBeFocused();
  await form.getByLabel("Provider").selectOption({ label: input.provider });
  await form.getByLabel("Name").fill(input.name);
  await form.getByLabel("API key").fill(input.apiKey);
  await form.getByLabel("Base URL").fill(input.baseUrl);
  await form.getByRole("button", { name: "Save integration" }).click();
  await expect(cardOf(page, input.name)).toBeVisible();
  await expect(statusOf(page, input.name)).toHaveText("Not tested");
}

export async function screenshot(page: Page, info: TestInfo, name: string, fullPage = true): Promise<void> {
  const file = info.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await info.attach(name, { path: file, contentType: "image/png" });
}
