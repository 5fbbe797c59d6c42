import { mkdirSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import {
  ADMIN,
  answerOf,
  chooseModels,
  type MockModel,
  send,
  settled,
  setupChat,
  shot,
  signInTo,
} from "./chat-helpers";

/**
 * Insights (issue #15): an empty state until there is feedback; after two compares where the user
 * picks the same model, the leaderboard, the statement with its evidence and the chart; learned
 * patterns appear (the `learn` task), learning can be turned off and what was learned deleted; the
 * admin-wide board is for admins only.
 */
const run = Date.now().toString(36);
const IRIS = { name: "Iris Insights", email: `iris-${run}@prism.test` };
const INTEGRATION = `Insights mock ${run}`;
const FAST = "ttft=50,tps=60,tokens=12";
const A: MockModel = { id: `mock-ins-a@${FAST}`, name: `Mock Alpha ${run}`, input: 1, output: 2 };
const B: MockModel = { id: `mock-ins-b@${FAST}`, name: `Mock Beta ${run}`, input: 3, output: 4 };

const SHOTS = "/tmp/shots";
const asIris = (page: Page) => signInTo(page, IRIS);
const rowOf = (page: Page, model: MockModel) =>
  page.locator(`[data-testid="insights-row"][data-model="${model.name}"]`);

async function compareAndPick(page: Page, text: string, best: MockModel) {
  await page.goto("/chat");
  await chooseModels(page, [A.name, B.name]);
  await send(page, text);
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await settled(page);
  await answerOf(page, best.name).getByRole("button", { name: "Best answer" }).click();
  await expect(page.getByText("Marked as the best answer")).toBeVisible();
}

test.describe
  .serial("insights", () => {
    test("setup: two mock models and a user", async ({ page, browser }) => {
      test.setTimeout(120_000);
      await setupChat(page, browser, { integration: INTEGRATION, models: [A, B], users: [IRIS] });
    });

    test("without votes the page says how to get insights", async ({ page }) => {
      await asIris(page);
      await page.getByRole("link", { name: "Insights" }).click();
      await expect(page).toHaveURL(/\/insights$/);
      await expect(page.getByRole("heading", { name: "Insights", level: 1 })).toBeVisible();
      await expect(page.getByText("No insights yet")).toBeVisible();
      await expect(page.getByRole("link", { name: "Start a compare" })).toHaveAttribute("href", "/chat");
      await expect(page.getByText("Which signals are used")).toBeVisible();
      await expect(page.getByTestId("insights-leaderboard")).toHaveCount(0);
    });

    test("after two compares the leaderboard, the statement and the chart show the picks", async ({
      page,
    }, info) => {
      test.setTimeout(120_000);
      await asIris(page);
      await compareAndPick(page, "Explain tides in one line", B);
      await compareAndPick(page, "Explain rainbows in one line", B);

      await page.goto("/insights?period=30");
      const table = page.getByTestId("insights-leaderboard");
      await expect(table).toBeVisible();
      await expect(rowOf(page, B)).toContainText("100%");
      await expect(rowOf(page, B)).toContainText("2 of 2");
      await expect(rowOf(page, A)).toContainText("0%");
      await expect(rowOf(page, A)).toContainText("0 of 2");
      // Wilson 95% interval of 2 of 2: 34–100%.
      await expect(rowOf(page, B)).toContainText("34–100%");
      // Best first.
      await expect(page.getByTestId("insights-row").first()).toHaveAttribute("data-model", B.name);
      await expect(page.getByTestId("insights-statements")).toContainText(
        `For general you picked ${B.name} as best in 2 of 2 compares.`,
      );
      // Long names wrap onto two tick lines.
      await expect(page.getByTestId("insights-chart")).toContainText(`Mock Beta`);

      // The category filter: no templated conversations, so only "general" is offered.
      await expect(page.getByLabel("Template category").locator("option")).toHaveText([
        "All categories",
        "general",
      ]);
      await page.getByLabel("Period").selectOption("7");
      await page.getByRole("button", { name: "Apply" }).click();
      await expect(page).toHaveURL(/period=7/);
      await expect(rowOf(page, B)).toContainText("2 of 2");

      // Each vote asked for a recompute: the learned patterns appear.
      await expect(async () => {
        await page.reload();
        await expect(page.getByTestId("learned-patterns")).toContainText(`${B.name} for general`);
      }).toPass({ timeout: 30_000 });
      await expect(page.getByTestId("learned-count")).toHaveText("2 learned patterns stored.");

      // Chat uses what was learned: B is marked suggested, and "Best quality" picks it.
      await page.goto("/chat");
      await chooseModels(page, [A.name]);
      await page.getByRole("button", { name: /^Models:/ }).click();
      const group = page.getByRole("group", { name: "Models" });
      const labelOf = (m: MockModel) =>
        group.locator("label").filter({ has: page.getByRole("checkbox", { name: m.name, exact: true }) });
      await expect(labelOf(B).getByTestId("suggested-model")).toBeVisible();
      await expect(labelOf(A).getByTestId("suggested-model")).toHaveCount(0);
      await group.getByRole("button", { name: "Best quality" }).click();
      await expect(group.getByRole("checkbox", { name: B.name, exact: true })).toBeChecked();
      await expect(group.getByRole("checkbox", { name: A.name, exact: true })).not.toBeChecked();
      await page.keyboard.press("Escape");
      await page.goto("/insights?period=30");

      mkdirSync(SHOTS, { recursive: true });
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.screenshot({ path: `${SHOTS}/insights-1280.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${SHOTS}/insights-390.png`, fullPage: true });
      await shot(page, info, "insights-390");
    });

    test("learning can be turned off, and what was learned deleted", async ({ page }) => {
      await asIris(page);
      await page.goto("/insights");
      const learning = page.getByRole("switch", { name: "Learn from my feedback" });
      await expect(learning).toHaveAttribute("aria-checked", "true");
      await learning.click();
      await expect(page.getByText("Learning is off.")).toBeVisible();
      await expect(learning).toHaveAttribute("aria-checked", "false");

      await page.getByRole("button", { name: "Delete what was learned" }).click();
      const dialog = page.getByRole("dialog", { name: "Delete what was learned?" });
      await expect(dialog).toContainText("Your conversations, votes and scores stay");
      await dialog.getByRole("button", { name: "Delete" }).click();
      await expect(page.getByText("Deleted 2 learned patterns.")).toBeVisible();
      await expect(page.getByTestId("learned-count")).toHaveText("Nothing learned is stored.");
      await expect(page.getByText("Learning is off; nothing is stored.")).toBeVisible();
      // The leaderboard reads the votes themselves, which stay.
      await expect(rowOf(page, B)).toContainText("2 of 2");

      await page.reload();
      await expect(learning).toHaveAttribute("aria-checked", "false");
      await learning.click();
      await expect(page.getByText("Learning is on.")).toBeVisible();
      // Turning it back on learns again at once.
      await expect(page.getByTestId("learned-count")).toHaveText("2 learned patterns stored.");
    });

    test("the admin-wide leaderboard is for admins only", async ({ page }, info) => {
      await asIris(page);
      const res = await page.goto("/admin/insights");
      expect(res?.status()).toBe(404);

      await page.context().clearCookies();
      await signInTo(page, ADMIN);
      await page.goto("/admin/insights");
      await expect(page.getByRole("heading", { name: "Insights across Prism" })).toBeVisible();
      await expect(rowOf(page, B)).toContainText("2 of 2");
      await shot(page, info, "admin-insights");
    });
  });
