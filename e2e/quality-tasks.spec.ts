import { mkdirSync } from "node:fs";
import { expect, type Locator, type Page, test } from "@playwright/test";
import {
  answerOf,
  chooseModels,
  type MockModel,
  send,
  settled,
  setupChat,
  shot,
  signInTo,
} from "./chat-helpers";
import { signedInContext } from "./helpers";

/**
 * Judged quality and follow-ups (issue #16): a compare is assessed by a judge model (the mock replies
 * with a fixed verdict, so both orders pick "A" — a tie) and the judge's score appears beside the
 * person's; the judge may not be one of the answering models; a follow-up created on an answer is
 * assigned to another user, shows on the message, is listed on /tasks for both, and is closed there.
 */
const run = Date.now().toString(36);
const QUINN = { name: "Quinn Quality", email: `quinn-${run}@prism.test` };
const TARA = { name: `Tara Tasks ${run}`, email: `tara-${run}@prism.test` };
const INTEGRATION = `Quality mock ${run}`;
const FAST = "ttft=50,tps=60,tokens=12";
const A: MockModel = { id: `mock-q-a@${FAST}`, name: `Mock Qa ${run}` };
const B: MockModel = { id: `mock-q-b@${FAST}`, name: `Mock Qb ${run}` };
// A compare verdict: answer A 8, answer B 6, "A" best. Commas are the directive separator, so they are encoded.
const verdict = {
  answers: [
    { reasoning: "r", accuracy: 8, relevance: 8, overall: 8 },
    { reasoning: "r", accuracy: 6, relevance: 6, overall: 6 },
  ],
  best_reasoning: "r",
  best: "A",
};
const JUDGE: MockModel = {
  id: `mock-j@reply=${JSON.stringify(verdict).replace(/,/g, "%2C")}`,
  name: `Mock Judge ${run}`,
};
const SHOTS = "/tmp/shots";
const TASK = `Double-check the figures ${run}`;

const asQuinn = (page: Page) => signInTo(page, QUINN);
let chatUrl = "";

/** Picks the judge whose option starts with this model's display name. */
async function pick(dialog: Locator, name: string) {
  const select = dialog.getByLabel("Judge model");
  await expect(select.locator("option").first()).toBeAttached();
  const value = await select.locator("option").filter({ hasText: name }).first().getAttribute("value");
  await select.selectOption(value ?? "");
}

test.describe
  .serial("judged quality and follow-up tasks", () => {
    test("setup: two answering models, a judge and two users", async ({ page, browser }) => {
      test.setTimeout(120_000);
      await setupChat(page, browser, {
        integration: INTEGRATION,
        models: [A, B, JUDGE],
        users: [QUINN, TARA],
      });
    });

    test("assess a compare: judge scores beside the person's score, ties recorded", async ({ page }) => {
      test.setTimeout(90_000);
      await asQuinn(page);
      await chooseModels(page, [A.name, B.name]);
      await send(page, "Which is the larger planet?");
      await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
      chatUrl = page.url();
      await settled(page);

      // A person's score on answer A.
      await answerOf(page, A.name)
        .getByRole("button", { name: `Score ${A.name}` })
        .click();
      const scoreDialog = page.getByRole("dialog", { name: `Score ${A.name}` });
      await scoreDialog.getByLabel("Overall").fill("7");
      await scoreDialog.getByRole("button", { name: "Save score" }).click();
      await expect(answerOf(page, A.name).getByRole("button", { name: /Score: 7\/10/ })).toBeVisible();

      // The judge may not be a model that answered: picking one warns and blocks.
      await answerOf(page, A.name)
        .getByRole("button", { name: `Assess quality of ${A.name}` })
        .click();
      const single = page.getByRole("dialog", { name: "Assess quality" });
      await pick(single, A.name);
      await expect(single.getByText("The judge must differ from the model that answered")).toBeVisible();
      await expect(single.getByRole("button", { name: "Assess" })).toBeDisabled();
      await single.getByRole("button", { name: "Cancel" }).click();

      // The whole compare, judged in both orders.
      await page.getByRole("button", { name: "Assess compare" }).click();
      const dialog = page.getByRole("dialog", { name: "Assess quality" });
      await pick(dialog, JUDGE.name);
      await dialog.getByRole("button", { name: "Assess" }).click();
      await expect(page.getByText("Judged: the scores are shown beside the answers.")).toBeVisible();
      await expect(dialog).toBeHidden();

      // A was 8 in the first order and 6 in the second (mean 7); both orders said "A" — a tie.
      const cardA = answerOf(page, A.name);
      await expect(cardA.getByTestId("judge-score")).toHaveText("Judge 7/10 · tie");
      await expect(cardA.getByRole("button", { name: /Score: 7\/10/ })).toBeVisible();
      await expect(answerOf(page, B.name).getByTestId("judge-score")).toHaveText("Judge 7/10 · tie");
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/quality-compare.png`, fullPage: true });

      await cardA.getByTestId("judge-score").click();
      const details = page.getByRole("dialog", { name: "Judge's assessment" });
      await expect(details).toContainText("Tie: the two orders disagreed on the best answer");
      await expect(details).toContainText("2026-12-v1");
      await page.keyboard.press("Escape");

      // The judge's scores survive a reload.
      await page.reload();
      await expect(answerOf(page, A.name).getByTestId("judge-score")).toHaveText("Judge 7/10 · tie");
    });

    test("create a follow-up from an answer and close it on /tasks", async ({ page, browser }, info) => {
      test.setTimeout(90_000);
      await asQuinn(page);
      await page.goto(chatUrl);
      await settled(page);
      const card = answerOf(page, B.name);
      await card.getByRole("button", { name: "Create follow-up" }).click();
      const dialog = page.getByRole("dialog", { name: "Create follow-up" });
      await dialog.getByLabel("Title").fill(TASK);
      await dialog.getByLabel("Type").selectOption("fact-check");
      await dialog.getByLabel("Priority").selectOption("high");
      await dialog.getByLabel("Assignee").selectOption({ label: TARA.name });
      await dialog.getByLabel("Due date").fill("2030-01-15");
      await dialog.getByRole("button", { name: "Create follow-up" }).click();
      await expect(page.getByText("Follow-up created")).toBeVisible();
      await expect(card.getByTestId("open-tasks")).toHaveText("1 open task");

      await page.getByRole("link", { name: "Tasks", exact: true }).first().click();
      await expect(page).toHaveURL(/\/tasks$/);
      await expect(page.getByRole("heading", { name: "Tasks", level: 1 })).toBeVisible();
      const row = page.getByTestId("task-row").filter({ hasText: TASK });
      await expect(row).toContainText("fact-check");
      await expect(row).toContainText(`${QUINN.name} → ${TARA.name}`);
      await expect(row).toContainText("high");
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/tasks.png`, fullPage: true });
      await shot(page, info, "tasks");

      // The assignee sees it among the tasks assigned to them.
      const tara = await signedInContext(browser, TARA.email);
      await tara.page.goto("/tasks?scope=assigned");
      await expect(tara.page.getByTestId("task-row").filter({ hasText: TASK })).toBeVisible();
      await tara.context.close();

      await row.getByLabel(`Status of ${TASK}`).selectOption("completed");
      await expect(page.getByText(`“${TASK}” is now completed`)).toBeVisible();
      await page.goto("/tasks?status=open");
      await expect(page.getByTestId("task-row").filter({ hasText: TASK })).toHaveCount(0);
      await page.goto("/tasks?status=completed");
      await expect(page.getByTestId("task-row").filter({ hasText: TASK })).toContainText("Done");
    });
  });
