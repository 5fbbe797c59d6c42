import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import {
  answerOf,
  answers,
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

/**
 * The chat page against the mock model server: a single turn streaming and persisting, a compare
 * with its cost estimate and metrics, fusion, votes and scores, regenerate, edit and branches,
 * stop, another tab following a stream, search, export, share, and the layout at desktop and phone
 * widths. Self-sufficient: its own integration, models and user (chat-guards.spec covers safe
 * rendering, provider errors, refusals and other users).
 */
const run = Date.now().toString(36);
const UMA = { name: "Uma Chat", email: `uma-${run}@prism.test` };
const INTEGRATION = `Chat mock ${run}`;
const M = mockModels(run);
const SEARCH_WORD = `quokka${run}`;

const asUma = (page: Page) => signInTo(page, UMA);

let compare = "";
let compareTitle = "";

test.describe
  .serial("chat", () => {
    test("setup: an admin shares the mock with custom chat models and puts the user on Pro", async ({
      page,
      browser,
    }) => {
      test.setTimeout(120_000);
      await setupChat(page, browser, { integration: INTEGRATION, models: Object.values(M), users: [UMA] });
      // Pro compares up to 4 models (Free: 2).
      await page.goto(`/admin/users?q=${encodeURIComponent(UMA.email)}`);
      await page.getByLabel(`Plan of ${UMA.email}`).selectOption("pro");
      await expect(page.getByText(`${UMA.email} is now on pro`)).toBeVisible();
    });

    test("a single chat streams and persists across a reload", async ({ page }) => {
      await asUma(page);
      await expect(page.getByText("No conversations yet")).toBeVisible();
      await chooseModels(page, [M.a.name]);
      await expect(picker(page)).toHaveAccessibleName(`Models: ${M.a.name}`);
      // Shift+Enter adds a line; Enter sends.
      await prompt(page).fill("first line");
      await prompt(page).press("Shift+Enter");
      await prompt(page).pressSequentially("second line");
      await expect(prompt(page)).toHaveValue("first line\nsecond line");
      await expect(page).toHaveURL(/\/chat$/);
      await send(page, "Hello single");
      await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
      await expect(page.getByTestId("user-message")).toHaveText(/Hello single/);
      const answer = answerOf(page, M.a.name);
      await expect(statusOf(answer)).toHaveText("Waiting");
      await expect(prompt(page)).toBeDisabled();
      await expect(page.getByRole("button", { name: "Stop", exact: true })).toBeVisible();
      await expect(statusOf(answer)).toHaveText("Streaming");
      await expect(answer).toContainText("Mock reply to: Hello single");
      await expect(statusOf(answer)).toHaveText("Done", { timeout: 15_000 });
      await expect(answer.getByTestId("answer-metrics")).toContainText("First token");
      await settled(page);
      await expect(
        page.getByRole("navigation", { name: "Conversation list" }).getByRole("link").first(),
      ).toHaveAttribute("aria-current", "page");

      await page.reload();
      await expect(page.getByTestId("user-message")).toHaveText(/Hello single/);
      await expect(answerOf(page, M.a.name)).toContainText("Mock reply to: Hello single");
      await expect(statusOf(answerOf(page, M.a.name))).toHaveText("Done");
      await expect(picker(page)).toHaveAccessibleName(`Models: ${M.a.name}`);
    });

    test("a compare shows the cost estimate first, then columns streaming side by side with metrics", async ({
      page,
    }) => {
      await asUma(page);
      await chooseModels(page, [M.a.name, M.b.name, M.c.name]);
      await picker(page).click();
      const group = page.getByRole("group", { name: "Models" });
      await expect(group).toContainText("Your Pro plan compares up to 4 models at once.");
      await expect(group).toContainText("$1.00 in / $2.00 out per 1M tokens");
      await page.keyboard.press("Escape");

      const text = "Compare these three answers about tides";
      await prompt(page).fill(text);
      const tokensIn = Math.ceil(text.length / 4);
      const cost = [M.a, M.b, M.c].reduce((sum, m) => sum + (tokensIn * m.input + 500 * m.output) / 1e6, 0);
      const estimate = page.getByTestId("cost-estimate");
      await expect(estimate).toHaveText(`≈ $${cost.toFixed(4)} for 3 models`);
      await estimate.hover();
      const perModel = page.getByTestId("cost-estimate-models");
      await expect(perModel).toContainText(M.b.name);
      await expect(perModel).toContainText(`$${((tokensIn * 3 + 500 * 4) / 1e6).toFixed(4)}`);

      await prompt(page).press("Enter");
      await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
      await expect(answers(page)).toHaveCount(3);
      // All three stream at the same time.
      await expect
        .poll(() => page.getByTestId("answer-status").allTextContents())
        .toEqual(["Streaming", "Streaming", "Streaming"]);
      const boxes = await Promise.all((await answers(page).all()).map((a) => a.boundingBox()));
      expect(new Set(boxes.map((b) => Math.round(b?.y ?? -1))).size).toBe(1);
      expect(new Set(boxes.map((b) => Math.round(b?.x ?? -1))).size).toBe(3);
      await settled(page);
      for (const m of [M.a, M.b, M.c]) {
        const column = answerOf(page, m.name);
        await expect(statusOf(column)).toHaveText("Done");
        await expect(column).toContainText("Mock reply to: Compare these three answers about tides");
        const metrics = column.getByTestId("answer-metrics");
        await expect(metrics).toContainText(/First token\s*1\.\d\d s/);
        await expect(metrics).toContainText(/Total\s*\d\.\d\d s/);
        await expect(metrics).toContainText(/Tokens\s*\d+ in · 40 out/);
        await expect(metrics).toContainText(/Cost\s*\$0\.000\d+/);
      }
      await expect(page.getByTestId("conversation-totals")).toContainText("tokens");
      compare = await conversationId(page);
      // The title is written by the first model once the answers are in.
      await expect(page.getByTestId("conversation-title")).not.toHaveText("New conversation");
      compareTitle = (await page.getByTestId("conversation-title").textContent()) ?? "";
      expect(compareTitle.length).toBeGreaterThan(0);
    });

    test("fusing the answers streams a fused answer card that cites the models", async ({ page }) => {
      await asUma(page);
      await page.goto(`/chat/${compare}`);
      const fuse = page.getByRole("form", { name: "Fuse answers" });
      await fuse.getByLabel(/Fuser model/).selectOption({ label: `${M.fuser.name} (OpenAI-compatible)` });
      await fuse.getByRole("button", { name: "Fuse answers" }).click();
      const fused = page.getByTestId("fused-answer");
      await expect(fused).toBeVisible();
      await expect(fused.getByRole("heading", { name: "Fused answer" })).toBeVisible();
      await expect(fused).toContainText(`by ${M.fuser.name}`);
      await expect(fused).toContainText("Combined answer [mock-a, mock-b]");
      await expect(fused).toContainText("Disagreements");
      await expect(statusOf(fused)).toHaveText("Done");
      await expect(fuse).toHaveCount(0);
      await page.reload();
      await expect(page.getByTestId("fused-answer")).toContainText("Combined answer [mock-a, mock-b]");
    });

    test("votes and scores stick; regenerate adds a turn with a switcher", async ({ page }) => {
      await asUma(page);
      await page.goto(`/chat/${compare}`);
      const b = answerOf(page, M.b.name);
      await b.getByRole("button", { name: "Best answer" }).click();
      await expect(page.getByText("Marked as the best answer")).toBeVisible();
      await expect(b.getByRole("button", { name: "Best answer" })).toHaveAttribute("aria-pressed", "true");
      await expect(answerOf(page, M.a.name).getByRole("button", { name: "Best answer" })).toHaveAttribute(
        "aria-pressed",
        "false",
      );

      await answerOf(page, M.a.name)
        .getByRole("button", { name: `Score ${M.a.name}` })
        .click();
      const dialog = page.getByRole("dialog", { name: `Score ${M.a.name}` });
      await dialog.getByLabel("Overall").fill("11");
      await dialog.getByRole("button", { name: "Save score" }).click();
      await expect(dialog.getByText("Use a number from 0 to 10.")).toBeVisible();
      await dialog.getByLabel("Accuracy").fill("8");
      await dialog.getByLabel("Relevance").fill("9");
      await dialog.getByLabel("Overall").fill("7");
      await dialog.getByRole("button", { name: "Save score" }).click();
      await expect(dialog).toBeHidden();
      await expect(answerOf(page, M.a.name).getByRole("button", { name: /Score: 7\/10/ })).toBeVisible();

      await page.getByRole("button", { name: "Regenerate" }).click();
      const sets = page.getByRole("group", { name: "Answer sets for this prompt" });
      await expect(sets).toContainText("answers 2/2");
      await expect(answers(page)).toHaveCount(3);
      await settled(page);
      await expect(page.getByTestId("fused-answer")).toHaveCount(0);
      await sets.getByRole("button", { name: "Previous answer set" }).click();
      await expect(sets).toContainText("answers 1/2");
      await expect(page.getByTestId("fused-answer")).toBeVisible();

      await page.reload();
      await expect(page.getByRole("group", { name: "Answer sets for this prompt" })).toContainText(
        "answers 2/2",
      );
      await page.getByRole("button", { name: "Previous answer set" }).click();
      await expect(answerOf(page, M.b.name).getByRole("button", { name: "Best answer" })).toHaveAttribute(
        "aria-pressed",
        "true",
      );
      await expect(answerOf(page, M.a.name).getByRole("button", { name: /Score: 7\/10/ })).toBeVisible();
    });

    test("editing a prompt makes a branch; the switcher moves between branches", async ({ page }) => {
      await asUma(page);
      await page.goto(`/chat/${compare}`);
      await chooseModels(page, [M.a.name]);
      await page.getByRole("button", { name: "Edit and resend" }).click();
      const edit = page.getByRole("textbox", { name: "Edited message" });
      await expect(edit).toBeFocused();
      await edit.fill(`Tides, edited: ${SEARCH_WORD}`);
      await edit.press("Enter");
      await expect(page.getByTestId("user-message")).toContainText(SEARCH_WORD);
      const versions = page.getByRole("group", { name: "Versions of this prompt" });
      await expect(versions).toContainText("2/2");
      await expect(answerOf(page, M.a.name)).toContainText(`Mock reply to: Tides, edited: ${SEARCH_WORD}`);
      await settled(page);
      await expect(answers(page)).toHaveCount(1);

      await versions.getByRole("button", { name: "Previous version" }).click();
      await expect(versions).toContainText("1/2");
      await expect(page.getByTestId("user-message")).toContainText("Compare these three answers about tides");
      await expect(answers(page)).toHaveCount(3);
      await versions.getByRole("button", { name: "Next version" }).click();
      await expect(page.getByTestId("user-message")).toContainText(SEARCH_WORD);
    });

    test("stop saves a slow answer as aborted with its partial text", async ({ page }) => {
      await asUma(page);
      await page.getByRole("link", { name: "New chat" }).click();
      await chooseModels(page, [M.slow.name]);
      await send(page, "Please stop me midway");
      const answer = answerOf(page, M.slow.name);
      await expect(answer).toContainText("Mock reply to: Please stop");
      await page.getByRole("button", { name: "Stop", exact: true }).click();
      await expect(statusOf(answer)).toHaveText("Stopped");
      await expect(answer).toContainText("The text so far is saved");
      const id = await conversationId(page);
      const saved = async () => {
        const res = await page.request.get(`/api/conversations/${id}`);
        const body = (await res.json()) as { messages: { role: string; status: string; content: string }[] };
        return body.messages.find((m) => m.role === "assistant");
      };
      await expect.poll(async () => (await saved())?.status).toBe("aborted");
      const partial = (await saved())?.content ?? "";
      expect(partial).toContain("Mock reply to:");
      expect(partial.split(/\s+/).length).toBeLessThan(200);
      await page.reload();
      await expect(statusOf(answerOf(page, M.slow.name))).toHaveText("Stopped");
      await expect(answerOf(page, M.slow.name)).toContainText("Mock reply to: Please stop");
    });

    test("another tab follows a running answer and stops that column alone", async ({ page }) => {
      await asUma(page);
      await page.getByRole("link", { name: "New chat" }).click();
      await chooseModels(page, [M.slow.name]);
      await send(page, "Follow me from another tab");
      await expect(answerOf(page, M.slow.name)).toContainText("Mock reply to: Follow");
      const other = await page.context().newPage();
      await other.goto(`/chat/${await conversationId(page)}`);
      const column = answerOf(other, M.slow.name);
      await expect(statusOf(column)).toHaveText("Streaming");
      const before = ((await column.textContent()) ?? "").length;
      await expect.poll(async () => ((await column.textContent()) ?? "").length).toBeGreaterThan(before);
      await column.getByRole("button", { name: `Stop ${M.slow.name}` }).click();
      await expect(statusOf(answerOf(page, M.slow.name))).toHaveText("Stopped");
      await expect(statusOf(column)).toHaveText("Stopped");
      await expect(prompt(page)).toBeEnabled();
      await other.close();
    });

    test("sidebar search finds a message and shows its snippet; export downloads Markdown", async ({
      page,
    }) => {
      await asUma(page);
      const search = page.getByRole("searchbox", { name: "Search conversations" });
      await search.fill(SEARCH_WORD);
      const list = page.getByRole("navigation", { name: "Conversation list" });
      await expect(list.getByRole("status")).toHaveText("1 match");
      await expect(list.getByTestId("conversation-snippet")).toContainText(SEARCH_WORD);
      await list.getByRole("link").click();
      await expect(page).toHaveURL(new RegExp(`/chat/${compare}$`));
      await search.fill(`nothing${run}here`);
      await expect(list).toContainText("No conversations match");

      await page.getByRole("button", { name: "Export" }).click();
      const download = page.waitForEvent("download");
      await page.getByRole("menuitem", { name: "Markdown (.md)" }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/\.md$/);
      const markdown = await readFile((await file.path()) ?? "", "utf8");
      expect(markdown).toContain(`# ${compareTitle}`);
      expect(markdown).toContain("## You");
      expect(markdown).toContain("Compare these three answers about tides");
      expect(markdown).toContain("Fused answer");
    });

    test("a share link opens signed out and read-only; revoking it makes it a 404", async ({
      page,
      browser,
    }, info) => {
      await asUma(page);
      await page.goto(`/chat/${compare}`);
      await page.getByRole("button", { name: "Share" }).click();
      const dialog = page.getByRole("dialog", { name: "Share conversation" });
      await dialog.getByRole("button", { name: "Create link" }).click();
      const url = await dialog.getByLabel("Share link").inputValue();
      expect(url).toMatch(/\/share\/[A-Za-z0-9_-]{20,40}$/);

      const stranger = await browser.newContext();
      const view = await stranger.newPage();
      const res = await view.goto(url);
      expect(res?.status()).toBe(200);
      await expect(view.getByRole("heading", { level: 1 })).toHaveText(compareTitle);
      await expect(view.getByText("Read-only")).toBeVisible();
      await expect(view.getByTestId("user-message").first()).toBeVisible();
      await expect(view.getByTestId("answer").first()).toContainText("Mock reply to:");
      await expect(view.getByRole("textbox")).toHaveCount(0);
      await expect(view.getByRole("button", { name: /Sign out|Retry|Best answer|Edit/ })).toHaveCount(0);
      const html = await view.content();
      expect(html).not.toContain(UMA.email);
      expect(html).not.toContain(UMA.name);
      await shot(view, info, "share-page");

      await dialog.getByRole("button", { name: "Revoke link" }).click();
      await expect(dialog.getByRole("button", { name: "Create link" })).toBeVisible();
      expect((await view.goto(url))?.status()).toBe(404);
      await stranger.close();
    });

    test("a compare turn at desktop and phone widths, light and dark (screenshots saved)", async ({
      browser,
    }, info) => {
      for (const theme of ["light", "dark"] as const) {
        for (const [label, viewport] of [
          ["desktop", { width: 1280, height: 800 }],
          ["phone", { width: 390, height: 844 }],
        ] as const) {
          const context = await browser.newContext({ viewport, colorScheme: theme });
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          await asUma(page);
          await page.goto(`/chat/${compare}`);
          const dark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
          expect(dark).toBe(theme === "dark");
          await page
            .getByRole("group", { name: "Versions of this prompt" })
            .getByRole("button", { name: "Previous version" })
            .click();
          await expect(answers(page)).toHaveCount(3);
          if (label === "phone") {
            await expect(page.getByRole("complementary", { name: "Conversations" })).toBeHidden();
            const boxes = await Promise.all((await answers(page).all()).map((a) => a.boundingBox()));
            expect(new Set(boxes.map((b) => Math.round(b?.x ?? -1))).size).toBe(1);
          }
          await shot(page, info, `chat-compare-${label}-${theme}`);
          await picker(page).click();
          await expect(page.getByRole("group", { name: "Models" })).toBeVisible();
          await shot(page, info, `chat-picker-${label}-${theme}`);
          await page.keyboard.press("Escape");
          await answerOf(page, M.b.name)
            .getByRole("button", { name: `Score ${M.b.name}` })
            .click();
          await expect(page.getByRole("dialog", { name: `Score ${M.b.name}` })).toBeVisible();
          await shot(page, info, `chat-score-${label}-${theme}`);
          await page.keyboard.press("Escape");
          await expect(page.getByRole("dialog")).toHaveCount(0);
          if (label === "phone") {
            await page.getByRole("button", { name: "Show conversations" }).click();
            await expect(page.getByRole("dialog").getByRole("link", { name: /Compare these/ })).toBeVisible();
            await shot(page, info, `chat-drawer-${label}-${theme}`);
          }
          // The server-rendered page matches what the browser renders (no hydration errors).
          expect(errors).toEqual([]);
          await context.close();
        }
      }
    });
  });
