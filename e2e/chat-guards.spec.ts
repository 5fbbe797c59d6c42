import { expect, test } from "@playwright/test";
import {
  answerOf,
  chooseModels,
  conversationId,
  mockModels,
  picker,
  prompt,
  send,
  settled,
  setupChat,
  shot,
  signInTo,
  statusOf,
} from "./chat-helpers";
import { alerts } from "./helpers";

/**
 * What the chat page must withstand: model output and prompts with HTML or `javascript:` links
 * (shown as text, nothing runs), a provider failing in one column, a refused prompt, renames and
 * deletes with undo, the plan's compare limit, and another user's attempts (404). Self-sufficient.
 */
const run = `g${Date.now().toString(36)}`;
const VIC = { name: "Vic Guard", email: `vic-${run}@prism.test` };
const WES = { name: "Wes Other", email: `wes-${run}@prism.test` };
const INTEGRATION = `Chat guard mock ${run}`;
const M = mockModels(run);
const XSS_TEXT = "<img src=x onerror=alert(1)>";

let conversation = "";

test.describe
  .serial("chat guards", () => {
    test("setup: an admin shares the mock with custom chat models", async ({ page, browser }) => {
      test.setTimeout(120_000);
      await setupChat(page, browser, {
        integration: INTEGRATION,
        models: [M.a, M.c, M.fail, M.xss, M.code],
        users: [VIC, WES],
      });
    });

    test("model output with HTML or a javascript: link renders as text and runs nothing", async ({
      page,
    }, info) => {
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await signInTo(page, VIC);
      await chooseModels(page, [M.xss.name]);
      await send(page, "<b>bold?</b> <img src=x onerror=alert(2)>");
      const answer = answerOf(page, M.xss.name);
      await expect(statusOf(answer)).toHaveText("Done");
      conversation = await conversationId(page);
      await expect(answer.getByText(XSS_TEXT)).toBeVisible();
      await expect(page.getByTestId("user-message")).toContainText(
        "<b>bold?</b> <img src=x onerror=alert(2)>",
      );
      await expect(page.locator("main img")).toHaveCount(0);
      await expect(page.locator('a[href^="javascript"]')).toHaveCount(0);
      await answer.getByText("click").click();
      await page.waitForTimeout(300);
      expect(dialogs).toEqual([]);
      await shot(page, info, "xss-as-text");
    });

    test("code in an answer is highlighted and has a copy button", async ({ page }) => {
      await signInTo(page, VIC);
      await chooseModels(page, [M.code.name]);
      await send(page, "show me code");
      const answer = answerOf(page, M.code.name);
      await expect(statusOf(answer)).toHaveText("Done");
      const block = answer.locator("pre").first();
      await expect(block).toContainText("const answer: number = 42;");
      // Shiki splits the line into coloured tokens.
      await expect.poll(async () => block.locator("span[style]").count()).toBeGreaterThan(2);
      await expect(answer.getByRole("button", { name: /copy/i }).first()).toBeVisible();
    });

    test("a provider error shows in its column with Retry; the other column still answers", async ({
      page,
    }) => {
      test.setTimeout(90_000);
      await signInTo(page, VIC);
      await chooseModels(page, [M.a.name, M.fail.name]);
      // Vic is on Free: two models at most.
      await picker(page).click();
      const group = page.getByRole("group", { name: "Models" });
      await expect(group).toContainText("Your Free plan compares up to 2 models at once.");
      await expect(group.getByRole("checkbox", { name: M.c.name, exact: true })).toBeDisabled();
      await page.keyboard.press("Escape");
      await send(page, "One of you will fail");
      const failed = answerOf(page, M.fail.name);
      await expect(failed.getByRole("alert")).toContainText("This model failed to answer.", {
        timeout: 30_000,
      });
      await expect(statusOf(failed)).toHaveText("Failed");
      await expect(answerOf(page, M.a.name)).toContainText("Mock reply to: One of you will fail");
      await settled(page);
      await failed.getByRole("alert").getByRole("button", { name: "Retry" }).click();
      const sets = page.getByRole("group", { name: "Answer sets for this prompt" });
      await expect(sets).toContainText("answers 2/2");
      await expect(answerOf(page, M.fail.name).getByRole("alert")).toBeVisible({ timeout: 30_000 });
      await expect(alerts(page).filter({ hasText: "Something went wrong" })).toHaveCount(0);
    });

    test("conversations are renamed in place and deleted with undo; a refused prompt stays in the box", async ({
      page,
    }) => {
      await signInTo(page, VIC);
      await page.goto(`/chat/${conversation}`);
      await page.getByRole("button", { name: /^Rename conversation/ }).click();
      const title = page.getByLabel("Conversation title");
      await title.fill("Renamed in the header");
      await title.press("Enter");
      await expect(page.getByTestId("conversation-title")).toHaveText("Renamed in the header");
      const list = page.getByRole("navigation", { name: "Conversation list" });
      await expect(list.getByRole("link", { name: "Renamed in the header" })).toBeVisible();

      await list.getByRole("button", { name: "Actions for Renamed in the header" }).click();
      await page.getByRole("menuitem", { name: "Rename" }).click();
      const inline = list.getByLabel("New title for Renamed in the header");
      await expect(inline).toBeFocused();
      await inline.fill(`Renamed inline ${run}`);
      await inline.press("Enter");
      await expect(list.getByRole("link", { name: `Renamed inline ${run}` })).toBeVisible();
      await expect(page.getByTestId("conversation-title")).toHaveText(`Renamed inline ${run}`);

      await list.getByRole("button", { name: `Actions for Renamed inline ${run}` }).click();
      await page.getByRole("menuitem", { name: "Delete" }).click();
      await expect(page).toHaveURL(/\/chat$/);
      await expect(list.getByRole("link", { name: `Renamed inline ${run}` })).toHaveCount(0);
      await page.getByRole("button", { name: "Undo" }).click();
      await expect(page).toHaveURL(new RegExp(`/chat/${conversation}$`));
      await expect(list.getByRole("link", { name: `Renamed inline ${run}` })).toBeVisible();

      // Deleted elsewhere (another tab): sending is refused with a toast and the text is kept.
      expect((await page.request.delete(`/api/conversations/${conversation}`)).status()).toBe(204);
      await send(page, "Will this be refused?");
      await expect(page.getByText("That conversation was not found.")).toBeVisible();
      await expect(prompt(page)).toHaveValue("Will this be refused?");
      await expect(page.getByTestId("user-message")).toHaveCount(1);
      expect((await page.request.post(`/api/conversations/${conversation}/restore`)).ok()).toBe(true);
    });

    test("another user gets 404 on the conversation page and its API", async ({ page }) => {
      await signInTo(page, WES);
      const res = await page.goto(`/chat/${conversation}`);
      expect(res?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
      for (const path of [
        `/api/conversations/${conversation}`,
        `/api/conversations/${conversation}/export?format=md`,
      ]) {
        const api = await page.request.get(path);
        expect(api.status()).toBe(404);
        expect((await api.json()).error.code).toBe("not_found");
      }
      const sent = await page.request.post("/api/chat", {
        data: { action: "send", conversationId: conversation, parentId: null, content: "hi", targets: [] },
      });
      expect(sent.status()).toBeGreaterThanOrEqual(400);
      expect(sent.status()).toBeLessThan(500);
    });
  });
