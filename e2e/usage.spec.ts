import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import OpenAI from "openai";
import { register } from "./helpers";
import { addIntegration, cardOf, signInAdmin, statusOf } from "./integration-helpers";
import { MOCK_LLM_URL } from "./ports";

/** Usage dashboards from real metered calls, CSV export, and an admin's budget taking effect. */
const run = Date.now().toString(36);
const ADMIN = { name: "Ada Admin", email: "ada@prism.test" };
const USER = { name: "Uma Usage", email: `uma-${run}@prism.test` };
const SHARED = `Usage mock ${run}`;

async function createKey(page: Page, name: string): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^prism_/);
  return secret;
}

test.describe
  .serial("usage analytics and budgets", () => {
    let adminKey = "";

    test("setup: a shared mock model and a few metered calls", async ({ page, baseURL }) => {
      await signInAdmin(page, ADMIN);
      await page.goto("/admin/integrations");
      await addIntegration(page, {
        provider: "OpenAI-compatible",
        name: SHARED,
        apiKey: "sk-usage",
        baseUrl: `${MOCK_LLM_URL}/v1`,
      });
      await cardOf(page, SHARED).getByRole("button", { name: "Test connection" }).click();
      await expect(statusOf(page, SHARED)).toHaveText("Connected");
      await cardOf(page, SHARED).getByRole("checkbox", { name: "mock-slow", exact: true }).check();
      await cardOf(page, SHARED).getByRole("button", { name: "Add to catalog" }).click();
      await expect(page.getByText("Added 1 model to the catalog")).toBeVisible();
      adminKey = await createKey(page, `usage ${run}`);
      const client = new OpenAI({ apiKey: adminKey, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
      for (let i = 0; i < 3; i++) {
        await client.chat.completions.create({
          model: "openai-compatible/mock-slow",
          messages: [{ role: "user", content: `usage call ${i}` }],
        });
      }
    });

    test("the user's dashboard shows charts and a table, and CSV export matches the table", async ({
      page,
    }) => {
      await signInAdmin(page, ADMIN);
      await page.goto("/usage?range=7d&group=model");
      await expect(page.getByTestId("usage-charts")).toBeVisible();
      await expect(page.getByTestId("usage-charts").locator("svg.recharts-surface").first()).toBeVisible();
      // The calls were all made today: the error-rate and latency charts still draw that day's points.
      await expect(
        page.getByTestId("usage-charts").locator(".recharts-area-dots circle").first(),
      ).toBeVisible();
      await expect(page.getByTestId("usage-charts").locator(".recharts-line-dots circle")).not.toHaveCount(0);
      const row = page.getByTestId("usage-table").locator("tr").filter({ hasText: "mock-slow" });
      await expect(row).toBeVisible();
      const requests = Number((await row.locator("td").nth(1).textContent())?.replace(/,/g, ""));
      expect(requests).toBeGreaterThanOrEqual(3);
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Export CSV" }).click();
      const file = await (await download).path();
      const csv = readFileSync(file ?? "", "utf8");
      expect(csv.split("\r\n")[0]).toBe(
        "Name,Requests,Success rate,Tokens in,Tokens out,Cost (USD),Avg latency (ms),p95 latency (ms),Avg time to first token (ms)",
      );
      const line = csv.split("\r\n").find((l) => l.startsWith("mock-slow,"));
      expect(line?.split(",")[1]).toBe(String(requests));

      // A different breakdown changes the table.
      await page.getByLabel("Break down by").selectOption("provider");
      await page.getByRole("button", { name: "Apply" }).click();
      await expect(page).toHaveURL(/group=provider/);
      await expect(page.getByTestId("usage-table")).toContainText("OpenAI-compatible");
    });

    test("the admin dashboard breaks usage down by user", async ({ page }) => {
      await signInAdmin(page, ADMIN);
      await page.goto("/admin/usage?range=7d&group=user");
      await expect(page.getByTestId("usage-charts")).toBeVisible();
      await expect(page.getByTestId("usage-table")).toContainText(ADMIN.email);
    });

    test("an admin's budget change refuses the user's next request, naming the cap", async ({
      browser,
      baseURL,
    }) => {
      const userContext = await browser.newContext();
      const userPage = await userContext.newPage();
      await register(userPage, USER.name, USER.email);
      await expect(userPage).toHaveURL(/\/chat|\/settings/);
      const key = await createKey(userPage, "mine");
      const client = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
      await client.chat.completions.create({
        model: "openai-compatible/mock-slow",
        messages: [{ role: "user", content: "before" }],
      });

      const adminContext = await browser.newContext();
      const adminPage = await adminContext.newPage();
      await signInAdmin(adminPage, ADMIN);
      await adminPage.goto(`/admin/users?q=${encodeURIComponent(USER.email)}`);
      await adminPage.getByLabel(`Monthly budget override in USD for ${USER.email}`).fill("0");
      await adminPage.getByRole("button", { name: "Set" }).click();
      await expect(adminPage.getByText("Budget saved")).toBeVisible();

      const err = await client.chat.completions
        .create({ model: "openai-compatible/mock-slow", messages: [{ role: "user", content: "after" }] })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 402, code: "budget_exceeded" });
      expect(String((err as Error).message)).toMatch(/monthly budget of \$0\.00 \(set by an admin\)/);
      await userPage.goto("/usage");
      await expect(userPage.getByTestId("budget-banner")).toContainText(
        "You have reached your monthly budget of $0.00 (set by an admin)",
      );
      await userContext.close();
      await adminContext.close();
    });
  });
