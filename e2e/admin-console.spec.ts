import { type Browser, expect, type Page, test } from "@playwright/test";
import OpenAI from "openai";
import { addCustomModel } from "./chat-helpers";
import { register } from "./helpers";
import { addIntegration, cardOf, signInAdmin, statusOf } from "./integration-helpers";
import { MOCK_LLM_URL } from "./ports";

/**
 * Admin console: plan limits that apply at once, provider health, the integrations overview, the
 * notifications bell (the 80% budget alert), and the API reference.
 */
const run = Date.now().toString(36);
const ADMIN = { name: "Ada Admin", email: "ada@prism.test" };
const PLAN_USER = { name: "Pia Plan", email: `pia-${run}@prism.test` };
const BUDGET_USER = { name: "Bea Budget", email: `bea-${run}@prism.test` };
const SHARED = `Console mock ${run}`;
// Priced high so that a few calls reach a small budget: about $0.03 a call.
const PRICEY = {
  id: `mock-console@tokens=20,tag=${run}`,
  name: `Mock Console ${run}`,
  input: 1000,
  output: 1000,
};
const FAILING = { id: `mock-console-fail@fail=500,tag=${run}`, name: `Mock Console Fail ${run}` };
const ref = (m: { id: string }) => `openai-compatible/${m.id}`;
const FREE_RPM = "20";

async function createKey(page: Page, name: string): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^prism_/);
  return secret;
}

async function newUser(browser: Browser, user: { name: string; email: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await register(page, user.name, user.email);
  await expect(page).toHaveURL(/\/chat$/);
  return { context, page };
}

const planRow = (page: Page, slug: string) => page.locator(`[data-testid="plan-row"][data-plan="${slug}"]`);

/** Admin → Plans → Edit limits of a plan; sets the requests-per-minute field. */
async function setPlanRpm(page: Page, planName: string, value: string) {
  await page.goto("/admin/plans");
  await page.getByRole("button", { name: `Edit limits of ${planName}` }).click();
  const form = page.getByRole("form", { name: `Limits of ${planName}` });
  await form.getByLabel("Requests per minute").fill(value);
  await form.getByRole("button", { name: "Save limits" }).click();
  return form;
}

test.describe
  .serial("admin console", () => {
    let adminKey = "";

    test.afterAll(async ({ browser }) => {
      // Other specs rely on the Free plan's default rate; put it back whatever happened above.
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInAdmin(page, ADMIN);
      await setPlanRpm(page, "Free", FREE_RPM);
      await expect(page.getByText("Free plan limits saved")).toBeVisible();
      await context.close();
    });

    test("setup: a shared mock integration, priced and failing models, and metered calls", async ({
      page,
      baseURL,
    }) => {
      await signInAdmin(page, ADMIN);
      await page.goto("/admin/integrations");
      await addIntegration(page, {
        provider: "OpenAI-compatible",
        name: SHARED,
        apiKey: "sk-console",
        baseUrl: `${MOCK_LLM_URL}/v1`,
      });
      await cardOf(page, SHARED).getByRole("button", { name: "Test connection" }).click();
      await expect(statusOf(page, SHARED)).toHaveText("Connected");
      await page.goto("/admin/models");
      await addCustomModel(page, SHARED, PRICEY);
      await addCustomModel(page, SHARED, FAILING);
      adminKey = await createKey(page, `console ${run}`);
      const client = new OpenAI({ apiKey: adminKey, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
      for (let i = 0; i < 3; i++)
        await client.chat.completions.create({
          model: ref(PRICEY),
          messages: [{ role: "user", content: `console call ${i}` }],
        });
      for (let i = 0; i < 2; i++) {
        const err = await client.chat.completions
          .create({ model: ref(FAILING), messages: [{ role: "user", content: "fail" }] })
          .catch((e: unknown) => e);
        expect(err).toMatchObject({ status: 502 });
      }
    });

    test("the provider health page shows the mock provider's calls, errors and last error, with charts", async ({
      page,
    }) => {
      await signInAdmin(page, ADMIN);
      await page.getByRole("link", { name: "Provider health" }).click();
      await expect(page).toHaveURL(/\/admin\/health$/);
      await expect(page.getByRole("heading", { name: "Provider health" })).toBeVisible();
      const charts = page.getByTestId("health-charts");
      await expect(charts.locator(".recharts-wrapper")).toHaveCount(2);
      await expect(charts.locator(".recharts-bar-rectangle").first()).toBeVisible();

      const provider = page.locator('[data-testid="health-provider"][data-provider="openai-compatible"]');
      await expect(provider).toBeVisible();
      const pricey = provider.getByTestId("health-model").filter({ hasText: PRICEY.name });
      await expect(pricey.locator("td").nth(1)).toHaveText("3");
      await expect(pricey.locator("td").nth(2)).toContainText("0.0%");
      const failing = provider.getByTestId("health-model").filter({ hasText: FAILING.name });
      await expect(failing.locator("td").nth(1)).toHaveText("2");
      await expect(failing.locator("td").nth(2)).toContainText("100.0%");
      await expect(failing.locator("td").nth(6)).toContainText("error");
      await expect(failing.locator("td").nth(6)).not.toContainText("None");

      // The charts can show one provider.
      await page.getByLabel("Charts for", { exact: true }).selectOption({ label: "OpenAI-compatible" });
      await page.getByRole("button", { name: "Show" }).click();
      await expect(page).toHaveURL(/provider=[0-9a-f-]{36}/);
      await expect(page.getByTestId("health-charts").locator(".recharts-wrapper")).toHaveCount(2);
    });

    test("the integrations overview lists the shared integration with its 24 h calls, never a key", async ({
      page,
    }) => {
      await signInAdmin(page, ADMIN);
      await page.goto("/admin/integrations");
      await page.getByRole("link", { name: "All integrations" }).click();
      await page.getByLabel("Search").fill(SHARED);
      await page.getByRole("button", { name: "Filter" }).click();
      const row = page.locator(`[data-testid="integration-row"][data-name="${SHARED}"]`);
      await expect(row).toContainText("Shared");
      await expect(row).toContainText("Connected");
      await expect(row.locator("td").nth(5)).toHaveText("5");
      await expect(row.locator("td").nth(6)).toHaveText("2");
      await expect(page.getByTestId("integrations-overview")).not.toContainText("sk-");
    });

    test("an admin changes a plan limit and the user's next request over it is refused with the message", async ({
      browser,
      baseURL,
    }) => {
      const user = await newUser(browser, PLAN_USER);
      const key = await createKey(user.page, "plan test");
      const client = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
      const call = () =>
        client.chat.completions.create({ model: ref(PRICEY), messages: [{ role: "user", content: "hi" }] });
      await call();
      await user.page.goto("/usage");
      await expect(user.page.getByTestId("plan-summary")).toContainText("Free");
      await expect(user.page.getByTestId("plan-summary")).toContainText(`${FREE_RPM}/min`);

      const admin = await browser.newContext();
      const adminPage = await admin.newPage();
      await signInAdmin(adminPage, ADMIN);
      // A bad value is refused next to its field, and nothing changes.
      const form = await setPlanRpm(adminPage, "Free", "0");
      await expect(form.getByRole("alert")).toHaveText("At least 1 request per minute.");
      await expect(form.getByLabel("Requests per minute")).toHaveAttribute("aria-invalid", "true");
      await form.getByLabel("Requests per minute").fill("1");
      await form.getByRole("button", { name: "Save limits" }).click();
      await expect(adminPage.getByText("Free plan limits saved")).toBeVisible();
      await expect(planRow(adminPage, "free").locator("td").nth(3)).toHaveText("1");

      // The user already made a call this minute: the next one is over the new limit.
      let refused: unknown = null;
      for (let i = 0; i < 2 && !refused; i++)
        refused = await call().then(
          () => null,
          (e: unknown) => e,
        );
      expect(refused).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
      expect(String((refused as Error).message)).toMatch(/your Free plan allows 1 per minute/);
      await user.page.reload();
      await expect(user.page.getByTestId("plan-summary")).toContainText("1/min");

      // The change is audited with before and after.
      await adminPage.goto("/admin/audit?entityType=plan&action=limits_changed");
      const entry = adminPage.getByTestId("audit-row").first();
      await expect(entry).toContainText(ADMIN.email);
      await entry.getByText("Before / after").click();
      await expect(entry).toContainText(`"requestsPerMinute": ${FREE_RPM}`);
      await expect(entry).toContainText('"requestsPerMinute": 1');

      await setPlanRpm(adminPage, "Free", FREE_RPM);
      await expect(adminPage.getByText("Free plan limits saved")).toBeVisible();
      await expect(planRow(adminPage, "free").locator("td").nth(3)).toHaveText(FREE_RPM);
      await admin.close();
      await user.context.close();
    });

    test("the notifications bell shows the 80% budget notification, and marks it read", async ({
      browser,
      baseURL,
    }) => {
      const user = await newUser(browser, BUDGET_USER);
      // Nothing yet: the bell's empty state.
      await user.page.getByTestId("notifications-bell").first().click();
      await expect(user.page.getByTestId("notifications-empty")).toBeVisible();
      await user.page.keyboard.press("Escape");
      const key = await createKey(user.page, "budget test");

      const admin = await browser.newContext();
      const adminPage = await admin.newPage();
      await signInAdmin(adminPage, ADMIN);
      await adminPage.goto(`/admin/users?q=${encodeURIComponent(BUDGET_USER.email)}`);
      await adminPage.getByLabel(`Monthly budget override in USD for ${BUDGET_USER.email}`).fill("0.1");
      await adminPage.getByRole("button", { name: "Set" }).click();
      await expect(adminPage.getByText("Budget saved")).toBeVisible();
      await admin.close();

      // Each call costs a few cents: spend crosses 80% of $0.10 before it reaches 100%.
      const client = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
      const bell = user.page.getByTestId("notifications-bell").first();
      for (let i = 0; i < 6; i++) {
        const err = await client.chat.completions
          .create({ model: ref(PRICEY), messages: [{ role: "user", content: `spend ${i}` }] })
          .then(
            () => null,
            (e: unknown) => e,
          );
        if (err) {
          expect(err).toMatchObject({ status: 402 });
          break;
        }
      }
      await expect
        .poll(
          async () => {
            await user.page.goto("/usage");
            return bell.getAttribute("aria-label");
          },
          { timeout: 15_000 },
        )
        .toMatch(/Notifications, 1 unread/);
      await expect(user.page.getByTestId("notifications-unread").first()).toHaveText("1");
      await bell.click();
      const item = user.page.getByTestId("notification").first();
      await expect(item).toContainText(/You have used \d+% of your monthly budget/);
      await expect(item).toContainText("$0.10 (set by an admin)");
      await expect(item).toHaveAttribute("data-read", "false");
      await user.page.getByRole("button", { name: "Mark all read" }).click();
      await expect(item).toHaveAttribute("data-read", "true");
      await expect(bell).toHaveAttribute("aria-label", "Notifications");
      await expect(user.page.getByTestId("notifications-unread")).toHaveCount(0);
      // Clicking it leads to the usage page; it stays read after a reload.
      await item.click();
      await expect(user.page).toHaveURL(/\/usage$/);
      await user.page.reload();
      await expect(user.page.getByTestId("notifications-unread")).toHaveCount(0);
      await user.context.close();
    });

    test("the API reference documents the endpoints with this instance's address, linked from API keys", async ({
      page,
      baseURL,
    }) => {
      await signInAdmin(page, ADMIN);
      await page.goto("/settings/api-keys");
      await page.getByRole("link", { name: "API reference" }).first().click();
      await expect(page).toHaveURL(/\/docs\/api$/);
      for (const heading of [
        "POST /api/v1/chat/completions",
        "GET /api/v1/models",
        "GET /api/v1/usage",
        "Errors",
        "Rate limits and spend caps",
      ])
        await expect(page.getByRole("heading", { name: heading })).toBeVisible();
      await expect(page.getByTestId("code-sample").first()).toContainText(
        `${baseURL}/api/v1/chat/completions`,
      );
      await page.getByTestId("code-sample").first().getByRole("tab", { name: "Node (openai)" }).click();
      await expect(page.getByTestId("code-sample").first()).toContainText(`baseURL: "${baseURL}/api/v1"`);
      await expect(page.getByTestId("api-errors")).toContainText("rate_limit_exceeded");
    });

    test("the new pages at desktop and phone widths in both themes (screenshots saved)", async ({
      browser,
    }, info) => {
      const pages = ["/admin/health", "/admin/plans", "/admin/integrations/all", "/docs/api", "/usage"];
      for (const theme of ["light", "dark"] as const) {
        for (const [label, viewport] of [
          ["desktop", { width: 1280, height: 800 }],
          ["phone", { width: 390, height: 844 }],
        ] as const) {
          const context = await browser.newContext({ viewport, colorScheme: theme });
          const page = await context.newPage();
          await signInAdmin(page, ADMIN);
          for (const path of pages) {
            await page.goto(path);
            await expect(page.locator("main h1")).toBeVisible();
            // Wide tables scroll inside their cards; the page itself never scrolls sideways.
            expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
              viewport.width,
            );
            const name = `${path.replace(/\//g, "_").slice(1)}-${label}-${theme}`;
            const file = info.outputPath(`${name}.png`);
            await page.screenshot({ path: file, fullPage: true });
            await info.attach(name, { path: file, contentType: "image/png" });
          }
          await page.getByTestId("notifications-bell").filter({ visible: true }).click();
          await expect(page.getByRole("dialog", { name: "Notifications" })).toBeVisible();
          const file = info.outputPath(`notifications-${label}-${theme}.png`);
          await page.screenshot({ path: file });
          await info.attach(`notifications-${label}-${theme}`, { path: file, contentType: "image/png" });
          await context.close();
        }
      }
    });
  });
