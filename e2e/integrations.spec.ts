import { type Browser, expect, type Page, test } from "@playwright/test";
import { alerts, register, signIn } from "./helpers";
import {
  addIntegration,
  type ContextOptions,
  cardOf,
  contextAs,
  screenshot,
  signInAdmin,
  statusOf,
} from "./integration-helpers";
import { MOCK_LLM_HOST, MOCK_LLM_URL } from "./ports";

/**
 * Provider integrations against the mock model server (started by e2e/server.ts): admin-shared and
 * own integrations, connection tests, the loopback guard and its allowlist, the catalog and prices.
 * Uses its own names and a user of its own, so it does not depend on what other specs left behind.
 */
const run = Date.now().toString(36);
// The instance admin: created by foundation.spec, or by this spec when it runs alone (see signInAdmin).
const ADMIN = { name: "Ada Admin", email: "ada@prism.test" };
const USER = { name: "Ivy Integrator", email: `ivy-${run}@prism.test` };
const SHARED = `Mock shared ${run}`;
const WRONG = `Mock wrong key ${run}`;
const OWN = `My mock ${run}`;
const MOCK_BASE = `${MOCK_LLM_URL}/v1`;
const LOOPBACK_REFUSAL = `Prism will not connect to ${MOCK_LLM_HOST}: it is a loopback address`;

const asAdmin = (page: Page) => signInAdmin(page, ADMIN);
const asUser = async (page: Page) => {
  await signIn(page, USER.email);
  await expect(page).toHaveURL(/\/chat$/);
};
const adminPage = (browser: Browser, opts?: ContextOptions) => contextAs(browser, asAdmin, opts);
const userPage = (browser: Browser, opts?: ContextOptions) => contextAs(browser, asUser, opts);

test.describe
  .serial("provider integrations", () => {
    test("an admin shares an OpenAI-compatible integration, tests it and prices a reported model", async ({
      page,
    }) => {
      await asAdmin(page);
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Integrations" })
        .click();
      await expect(page).toHaveURL(/\/admin\/integrations/);
      await expect(page.getByText("loopback addresses", { exact: false }).first()).toBeVisible();

      await addIntegration(page, {
        provider: "OpenAI-compatible",
        name: SHARED,
        apiKey: "sk-test-123",
        baseUrl: MOCK_BASE,
      });
      const card = cardOf(page, SHARED);
      await expect(card.getByTestId("key-hint")).toHaveText("sk-…-123");
      await expect(card).toContainText("Shared with every user");

      await card.getByRole("button", { name: "Test connection" }).click();
      await expect(statusOf(page, SHARED)).toHaveText("Connected");
      await expect(page.getByText(`${SHARED} is connected: 5 models reported`)).toBeVisible();
      const reported = card.getByTestId("reported-models");
      for (const model of ["mock-fast", "mock-slow", "mock-gpt", "mock-claude", "mock-embed"]) {
        await expect(reported.getByLabel(model, { exact: true })).toBeVisible();
      }
      await reported.getByLabel("mock-gpt", { exact: true }).check();
      await reported.getByRole("button", { name: /Add to catalog/ }).click();
      await expect(page.getByText("Added 1 model to the catalog")).toBeVisible();
      await expect(reported.getByLabel("mock-gpt", { exact: true })).toBeDisabled();
      await expect(card).toContainText("Custom models in the catalog");

      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).click();
      await expect(page.getByRole("heading", { name: "Providers" })).toBeVisible();
      await expect(
        page.locator('[data-testid="provider-row"][data-provider="openai-compatible"]'),
      ).toContainText(/active/i);
      await page.getByRole("search", { name: "Filter models" }).getByLabel("Search").fill("mock-gpt");
      await page.getByRole("button", { name: "Filter" }).click();
      await expect(page).toHaveURL(/q=mock-gpt/);
      const row = page.locator('[data-testid="model-row"][data-model="mock-gpt"]');
      await expect(row).toContainText(`via ${SHARED}`);

      await row.getByRole("button", { name: "Edit price of mock-gpt" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Input (USD)", { exact: true }).fill("-1");
      await dialog.getByRole("button", { name: "Save price" }).click();
      await expect(dialog.getByRole("alert")).toHaveText("Prices cannot be negative.");
      await expect(dialog.getByLabel("Input (USD)", { exact: true })).toBeFocused();
      await dialog.getByLabel("Input (USD)", { exact: true }).fill("0.5");
      await dialog.getByLabel("Output (USD)", { exact: true }).fill("1.5");
      await dialog.getByRole("button", { name: "Save price" }).click();
      await expect(page.getByText("Price of mock-gpt saved")).toBeVisible();
      await expect(dialog).toBeHidden();
      await expect(row).toContainText("$0.50");
      await expect(row).toContainText("$1.50");

      await row.getByRole("button", { name: "Edit price of mock-gpt" }).click();
      await dialog.getByRole("button", { name: "Show price history" }).click();
      await expect(dialog.getByTestId("price-history")).toContainText("Input $0.50 · Output $1.50");
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();

      const enabled = row.getByRole("switch", { name: "mock-gpt enabled" });
      await expect(enabled).toBeChecked();
      await enabled.click();
      await expect(page.getByText("mock-gpt disabled")).toBeVisible();
      await expect(enabled).not.toBeChecked();
      await enabled.press("Space");
      await expect(enabled).toBeChecked();
    });

    test("a wrong key shows the provider's refusal on the card; replacing the key fixes it", async ({
      page,
    }) => {
      await asAdmin(page);
      await page.goto("/admin/integrations");

      // An OpenAI-compatible integration needs its base URL: the error sits next to that field.
      await page.getByRole("button", { name: "Add integration" }).click();
      const form = page.getByRole("form", { name: "Add integration" });
      await form.getByLabel("Provider").selectOption({ label: "OpenAI-compatible" });
      await form.getByLabel("Name").fill(WRONG);
      await form.getByRole("button", { name: "Save integration" }).click();
      await expect(form.getByRole("alert")).toHaveText(
        "An OpenAI-compatible integration needs the server's base URL.",
      );
      await expect(form.getByLabel("Base URL")).toBeFocused();
      await expect(form.getByLabel("Base URL")).toHaveAttribute("aria-invalid", "true");
      await form.getByRole("button", { name: "Cancel" }).click();

      await addIntegration(page, {
        provider: "OpenAI-compatible",
        name: WRONG,
        apiKey: "sk-wrong-key",
        baseUrl: MOCK_BASE,
      });
      const card = cardOf(page, WRONG);
      await card.getByRole("button", { name: "Test connection" }).click();
      await expect(statusOf(page, WRONG)).toHaveText("Error");
      await expect(card.getByRole("alert")).toHaveText(
        "The provider rejected the API key (HTTP 401). Check the key.",
      );
      await expect(card.getByTestId("reported-models")).toHaveCount(0);

      await card.getByRole("button", { name: `Edit ${WRONG}` }).click();
      const edit = page.getByRole("form", { name: `Edit ${WRONG}` });
      await expect(edit.getByLabel("Name")).toBeFocused();
      await edit.getByLabel("Replace API key").fill("sk-test-456");
      await edit.getByRole("button", { name: "Save changes" }).click();
      await expect(card.getByTestId("key-hint")).toHaveText("sk-…-456");
      await expect(statusOf(page, WRONG)).toHaveText("Not tested");
      await card.getByRole("button", { name: "Test connection" }).click();
      await expect(statusOf(page, WRONG)).toHaveText("Connected");
      await expect(card.getByRole("alert")).toHaveCount(0);

      page.once("dialog", (d) => d.accept());
      await card.getByRole("button", { name: `Delete ${WRONG}` }).click();
      await expect(page.getByText(`${WRONG} deleted`)).toBeVisible();
      await expect(cardOf(page, WRONG)).toHaveCount(0);
      await expect(cardOf(page, SHARED)).toBeVisible();
    });

    test("a user's own integration may not reach loopback until an admin allowlists the host", async ({
      browser,
    }) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await register(page, USER.name, USER.email);
      await expect(page).toHaveURL(/\/chat$/);
      await page.goto("/settings/profile");
      await page
        .getByRole("navigation", { name: "Settings sections" })
        .getByRole("link", { name: "Integrations" })
        .click();
      await expect(page.getByText("You have no integrations yet")).toBeVisible();

      await addIntegration(page, {
        provider: "OpenAI-compatible",
        name: OWN,
        apiKey: "sk-test-123",
        baseUrl: MOCK_BASE,
      });
      const card = cardOf(page, OWN);
      await card.getByRole("button", { name: "Test connection" }).click();
      await expect(statusOf(page, OWN)).toHaveText("Error");
      await expect(card.getByRole("alert")).toContainText(LOOPBACK_REFUSAL);
      await expect(card.getByRole("alert")).toContainText("Admin → Settings");

      const admin = await adminPage(browser);
      await admin.page.locator('nav[aria-label="Main"] a[href="/admin/settings"]').click();
      await expect(admin.page).toHaveURL(/\/admin\/settings/);
      const hosts = admin.page.getByLabel("Allowed hosts");
      await hosts.fill("not a host!");
      await admin.page.getByRole("button", { name: "Save allowlist" }).click();
      await expect(alerts(admin.page)).toContainText("“not a host!” is not a host pattern");
      await expect(hosts).toBeFocused();
      await hosts.fill(MOCK_LLM_HOST);
      await admin.page.getByRole("button", { name: "Save allowlist" }).click();
      await expect(admin.page.getByText("Outbound allowlist saved (1 host)")).toBeVisible();

      const markup = admin.page.getByLabel("Markup (%)");
      await markup.fill("2000");
      await admin.page.getByRole("button", { name: "Save markup" }).click();
      await expect(alerts(admin.page)).toHaveText("Use at most 1000%.");
      await markup.fill("12.5");
      await admin.page.getByRole("button", { name: "Save markup" }).click();
      await expect(admin.page.getByText("Markup saved: 12.5%")).toBeVisible();
      await admin.page.reload();
      await expect(admin.page.getByLabel("Allowed hosts")).toHaveValue(MOCK_LLM_HOST);
      await expect(admin.page.getByLabel("Markup (%)")).toHaveValue("12.5");
      await admin.context.close();

      await card.getByRole("button", { name: "Test connection" }).click();
      await expect(statusOf(page, OWN)).toHaveText("Connected");
      await expect(card.getByTestId("reported-models").getByLabel("mock-gpt", { exact: true })).toBeVisible();
      await context.close();
    });

    test("a user sees the shared integration read-only, never a full key, and no admin console", async ({
      browser,
    }) => {
      const { context, page } = await userPage(browser);
      await page.goto("/settings/integrations");
      const shared = page.getByRole("region", { name: "Shared by your admin" });
      const card = shared.getByRole("article", { name: SHARED, exact: true });
      await expect(card).toContainText("Shared by your admin");
      await expect(card.getByTestId("integration-status")).toHaveText("Connected");
      await expect(card.getByRole("button")).toHaveCount(0);
      await expect(card.getByTestId("key-hint")).toHaveCount(0);

      await expect(cardOf(page, OWN).getByTestId("key-hint")).toHaveText("sk-…-123");
      expect(await page.content()).not.toContain("sk-test-123");
      const raw = await page.request.get("/settings/integrations");
      expect(raw.ok()).toBe(true);
      const html = await raw.text();
      expect(html).toContain("sk-…-123");
      expect(html).not.toContain("sk-test-123");

      await expect(page.getByRole("link", { name: "Models" })).toHaveCount(0);
      const res = await page.goto("/admin/models");
      expect(res?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
      await context.close();
    });

    test("the integrations and models pages at desktop and phone widths (screenshots saved)", async ({
      browser,
    }, info) => {
      for (const [label, viewport] of [
        ["desktop", { width: 1280, height: 800 }],
        ["mobile", { width: 390, height: 844 }],
      ] as const) {
        const user = await userPage(browser, { viewport, colorScheme: "light" });
        await user.page.goto("/settings/integrations");
        await expect(cardOf(user.page, OWN)).toBeVisible();
        await screenshot(user.page, info, `integrations-${label}`);
        // The same page with the form open and a connection test's model list showing.
        await user.page.getByRole("button", { name: "Add integration" }).click();
        await cardOf(user.page, OWN).getByRole("button", { name: "Test connection" }).click();
        await expect(cardOf(user.page, OWN).getByTestId("reported-models")).toBeVisible();
        await screenshot(user.page, info, `integrations-open-${label}`);
        await user.context.close();

        const admin = await adminPage(browser, { viewport, colorScheme: "light" });
        await admin.page.goto("/admin/integrations");
        await expect(cardOf(admin.page, SHARED)).toBeVisible();
        await screenshot(admin.page, info, `admin-integrations-${label}`);
        await admin.page.goto("/admin/models");
        await expect(admin.page.getByRole("heading", { name: "Catalog" })).toBeVisible();
        await screenshot(admin.page, info, `admin-models-${label}`);
        await admin.page.getByRole("button", { name: "Edit price of gpt-4o", exact: true }).click();
        await expect(admin.page.getByRole("dialog")).toBeVisible();
        await screenshot(admin.page, info, `admin-price-dialog-${label}`, false);
        await admin.page.goto("/admin/settings");
        await expect(admin.page.getByLabel("Allowed hosts")).toHaveValue(MOCK_LLM_HOST);
        await screenshot(admin.page, info, `admin-settings-${label}`);
        await admin.context.close();
      }
    });
  });
