import { expect, type Page, test } from "@playwright/test";
import {
  addTerm,
  answerOf,
  chooseModels,
  conversationId,
  type MockModel,
  send,
  settled,
  setupChat,
  shot,
  signInTo,
  terminologySwitch,
} from "./chat-helpers";

/**
 * Terminology in chat (issue #15): the per-conversation switch, the "N terms applied" chip on a
 * turn, each column's adherence badge with its popover, the forbidden word marked in the answer
 * that uses it, all restored after a reload and shown on the share page. Two mock models give fixed
 * replies: one writes the forbidden "colour", the other the dictionary's "color".
 */
const run = Date.now().toString(36);
const TESS = { name: "Tess Terms", email: `tess-${run}@prism.test` };
const INTEGRATION = `Terms mock ${run}`;
const reply = (text: string) => `ttft=100,tps=40,reply=${encodeURIComponent(text)}`;
const BRIT: MockModel = {
  id: `mock-brit@${reply("Use the colour palette for the chart.")}`,
  name: `Mock Brit ${run}`,
};
const US: MockModel = {
  id: `mock-us@${reply("Use the color palette for the chart.")}`,
  name: `Mock US ${run}`,
};

const asTess = (page: Page) => signInTo(page, TESS);
const chip = (page: Page) => page.getByTestId("terms-chip");
/** Both columns' badges and the marked forbidden word, as after the turn and after a reload. */
async function expectChecked(page: Page, shared = false) {
  // The share page names a model by its saved catalog name (there is no catalog to look it up in).
  const answer = (m: MockModel) =>
    shared
      ? page.locator(`[data-testid="answer"][data-model^="${m.id.split("@")[0]}@"]`)
      : answerOf(page, m.name);
  const [brit, us] = [answer(BRIT), answer(US)];
  await expect(brit.getByTestId("term-badge")).toHaveText("Terms 1/2");
  await expect(brit.getByTestId("term-badge")).toHaveAttribute("data-tone", "warning");
  await expect(us.getByTestId("term-badge")).toHaveText("Terms 2/2");
  await expect(us.getByTestId("term-badge")).toHaveAttribute("data-tone", "success");
  const forbidden = 'mark[data-term="forbidden"]';
  await expect(brit.locator(forbidden)).toHaveText("colour");
  await expect(brit.locator(forbidden)).toHaveAttribute("title", "Use “color” instead");
  await expect(us.locator(forbidden)).toHaveCount(0);
  await expect(us.locator('mark[data-term="used"]')).toHaveText(["color", "palette"]);
  // The markdown around the marks is intact.
  await expect(brit).toContainText("Use the colour palette for the chart.");
}

let conversation = "";

test.describe
  .serial("chat terminology", () => {
    test("setup: the mock with two fixed-reply models, and a user", async ({ page, browser }) => {
      test.setTimeout(120_000);
      await setupChat(page, browser, { integration: INTEGRATION, models: [BRIT, US], users: [TESS] });
    });

    test("with an empty dictionary the switch is off, disabled, and links to the dictionary", async ({
      page,
    }, info) => {
      await asTess(page);
      await expect(terminologySwitch(page)).toBeDisabled();
      await expect(terminologySwitch(page)).toHaveAttribute("aria-checked", "false");
      await expect(terminologySwitch(page)).toHaveAccessibleDescription("Your dictionary is empty.");
      await expect(page.getByRole("link", { name: "Add terms" })).toHaveAttribute("href", "/terminology");
      await shot(page, info, "chat-terminology-empty-desktop");
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(page.getByRole("link", { name: "Add terms" })).toBeVisible();
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await shot(page, info, "chat-terminology-empty-phone");
    });

    test("a compare with terminology on: chip, badges, the forbidden word marked; kept after a reload", async ({
      page,
    }, info) => {
      test.setTimeout(90_000);
      await asTess(page);
      await addTerm(page, { term: "color", definition: "The US spelling we use.", forbidden: ["colour"] });
      await addTerm(page, { term: "palette", definition: "A set of colors for charts." });

      await page.goto("/chat");
      // On by default once the dictionary has entries.
      await expect(terminologySwitch(page)).toBeEnabled();
      await expect(terminologySwitch(page)).toHaveAttribute("aria-checked", "true");
      await chooseModels(page, [BRIT.name, US.name]);
      await send(page, "Which color should the chart palette use?");
      conversation = await conversationId(page);
      await settled(page);

      await expect(chip(page)).toHaveText("2 terms applied");
      await chip(page).click();
      await expect(page.getByTestId("terms-applied").getByRole("listitem")).toHaveText(["color", "palette"]);
      await page.keyboard.press("Escape");
      await expect(page.getByTestId("terms-applied")).toBeHidden();

      await expectChecked(page);
      await answerOf(page, BRIT.name).getByTestId("term-badge").click();
      const details = page.getByTestId("term-check");
      await expect(details.locator('[data-status="forbidden_used"]')).toHaveText(
        "color: forbidden word “colour” used → use “color”",
      );
      await expect(details.locator('[data-status="used"]')).toHaveText("palette: used");
      await shot(page, info, "chat-terminology-desktop");
      await page.keyboard.press("Escape");

      await page.reload();
      await expect(chip(page)).toHaveText("2 terms applied");
      await expectChecked(page);
    });

    test("the share page shows the badges and the marked word", async ({ page, browser }) => {
      await asTess(page);
      await page.goto(`/chat/${conversation}`);
      await page.getByRole("button", { name: "Share" }).click();
      const dialog = page.getByRole("dialog", { name: "Share conversation" });
      await dialog.getByRole("button", { name: "Create link" }).click();
      const url = await dialog.getByLabel("Share link").inputValue();
      const stranger = await browser.newContext();
      const view = await stranger.newPage();
      await view.goto(url);
      await expect(chip(view)).toHaveText("2 terms applied");
      await expectChecked(view, true);
      // Read-only: no link into the owner's dictionary.
      await chip(view).click();
      await expect(view.getByRole("link", { name: "Manage your dictionary" })).toHaveCount(0);
      await stranger.close();
    });

    test("the switch is saved per conversation, works from the keyboard, and a turn with it off applies nothing", async ({
      page,
    }) => {
      test.setTimeout(90_000);
      await asTess(page);
      await page.goto(`/chat/${conversation}`);
      await expect(terminologySwitch(page)).toHaveAttribute("aria-checked", "true");
      await terminologySwitch(page).click();
      await expect(terminologySwitch(page)).toHaveAttribute("aria-checked", "false");
      await page.reload();
      await expect(terminologySwitch(page)).toHaveAttribute("aria-checked", "false");
      // A new chat still starts from the default (on).
      await page.goto("/chat");
      await expect(terminologySwitch(page)).toHaveAttribute("aria-checked", "true");

      await page.goto(`/chat/${conversation}`);
      await terminologySwitch(page).focus();
      await page.keyboard.press("Space");
      await expect(terminologySwitch(page)).toHaveAttribute("aria-checked", "true");
      await page.keyboard.press("Space");
      await expect(terminologySwitch(page)).toHaveAttribute("aria-checked", "false");

      await send(page, "And which color for the legend?");
      await settled(page);
      const turns = page.getByTestId("turn");
      await expect(turns).toHaveCount(2);
      await expect(turns.last().getByTestId("answer")).toHaveCount(2);
      await expect(turns.last().getByTestId("terms-chip")).toHaveCount(0);
      await expect(turns.last().getByTestId("term-badge")).toHaveCount(0);
      await expect(turns.first().getByTestId("terms-chip")).toHaveText("2 terms applied");
    });

    test("desktop and phone layouts (screenshots saved)", async ({ browser }, info) => {
      for (const [label, viewport] of [
        ["desktop", { width: 1280, height: 800 }],
        ["phone", { width: 390, height: 844 }],
      ] as const) {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        await asTess(page);
        await page.goto(`/chat/${conversation}`);
        const first = page.getByTestId("turn").first();
        await first.scrollIntoViewIfNeeded();
        await expect(first.getByTestId("term-badge")).toHaveCount(2);
        // Nothing wider than the window (the switch wraps with the composer's controls).
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await shot(page, info, `chat-terminology-${label}`);
        await first.getByTestId("term-badge").first().click();
        await expect(page.getByTestId("term-check")).toBeVisible();
        await shot(page, info, `chat-terminology-${label}-popover`);
        expect(errors).toEqual([]);
        await context.close();
      }
    });
  });
