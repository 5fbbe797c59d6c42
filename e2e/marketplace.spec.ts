import { expect, type Page, test } from "@playwright/test";
import { ADMIN, conversationId, send, settled, setupChat, shot, signInTo } from "./chat-helpers";
import { signOut } from "./helpers";
import { signInAdmin } from "./integration-helpers";

/**
 * The marketplace journey: a creator builds and sells a paid template; an admin grants a buyer
 * credits; the buyer finds it, buys it, chats with it (the mock model answers), rates it; the
 * creator sees the sale and earnings; the system prompt never reaches the buyer; a third user
 * without the purchase cannot use it.
 */
const run = `m${Date.now().toString(36)}`;
const CORA = { name: "Cora Creator", email: `cora-${run}@prism.test` };
const BEN = { name: "Ben Buyer", email: `ben-${run}@prism.test` };
const TIA = { name: "Tia Third", email: `tia-${run}@prism.test` };
const INTEGRATION = `Market mock ${run}`;
const PILOT = { id: "mock-pilot@reply=Aye%2C%20dock%20at%20pier%204", name: `Mock Pilot ${run}` };
const TEMPLATE = `Harbor Pilot ${run}`;
const SECRET = `SECRET-HARBOR-${run}`;
const PRICE = 150;

let listingUrl = "";
let templateUrl = "";
let chatUrl = "";

async function noSecret(page: Page) {
  const html = await page.content();
  expect(html).not.toContain(SECRET);
  expect(html).not.toContain("Tide tables");
}

test.describe
  .serial("marketplace", () => {
    test("setup: a shared mock model and three users", async ({ page, browser }) => {
      test.setTimeout(120_000);
      await setupChat(page, browser, { integration: INTEGRATION, models: [PILOT], users: [CORA, BEN, TIA] });
    });

    test("a creator builds a template, publishes a version and lists it for credits", async ({
      page,
    }, info) => {
      await signInTo(page, CORA);
      await page.goto("/templates");
      await expect(page.getByText("No templates yet")).toBeVisible();
      await page.getByRole("link", { name: "Create your first template" }).click();
      const form = page.getByRole("form", { name: "New template" });
      await form.getByLabel("Name").fill(TEMPLATE);
      await form
        .getByLabel("Description")
        .fill("Guides ships into harbor: berths, tides and pilotage rules.");
      await form.getByLabel("Category").selectOption("support");
      await form.getByLabel("Tags").fill("maritime, navigation");
      await form.getByLabel("System prompt").fill(`You are a harbor pilot. ${SECRET}`);
      await form.getByLabel("Default model").selectOption({ label: `${PILOT.name} (OpenAI-compatible)` });
      await form.getByRole("button", { name: "Text" }).click();
      await form.getByLabel("Knowledge 1 title").fill("Tide tables");
      await form.getByLabel("Knowledge 1 text").fill("High tide at noon.");
      await form.getByRole("button", { name: "Example" }).click();
      await form.getByLabel("Example 1 prompt").fill("Where do I dock?");
      await form.getByLabel("Example 1 response").fill("Pier 4, after the pilot boards.");
      // A bad value is named next to its field.
      await form.getByLabel("Temperature").fill("7");
      await form.getByRole("button", { name: "Create template" }).click();
      await expect(page.getByText("temperature: 0 to 2")).toBeVisible();
      await form.getByLabel("Temperature").fill("0.4");
      await form.getByRole("button", { name: "Create template" }).click();
      await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
      templateUrl = page.url();

      // Listing needs a version first.
      await page.getByLabel("Price (credits)").fill(String(PRICE));
      await page.getByRole("button", { name: "Publish to marketplace" }).click();
      await expect(page.getByText(/Publish a version first/)).toBeVisible();
      await page.getByLabel("Changelog").fill("First release");
      await page.getByRole("button", { name: "Publish version 1" }).click();
      await expect(page.getByText("Version 1 published")).toBeVisible();
      await page.getByRole("button", { name: "Publish to marketplace" }).click();
      await expect(page.getByText("Listed in the marketplace")).toBeVisible();
      // A second version shows up in the history with a diff against the first.
      await page
        .getByLabel("System prompt")
        .fill(`You are a harbor pilot. ${SECRET}\nAlways confirm the berth.`);
      await page.getByRole("button", { name: "Save draft" }).click();
      await expect(page.getByText(/Draft saved/)).toBeVisible();
      const diff = page.getByRole("region", { name: "Differences" });
      await expect(diff.getByText("Always confirm the berth.")).toBeVisible();
      await shot(page, info, "template-editor");
      await page.getByRole("link", { name: "View listing" }).click();
      await expect(page).toHaveURL(/\/marketplace\/harbor-pilot-/);
      listingUrl = new URL(page.url()).pathname;
      await expect(page.getByText("This is your template.")).toBeVisible();
    });

    test("an admin grants the buyer credits", async ({ page }) => {
      await signInAdmin(page, ADMIN);
      await page.goto(`/admin/users?q=${encodeURIComponent(BEN.email)}`);
      await page.getByRole("button", { name: `Grant credits to ${BEN.email}` }).click();
      const dialog = page.getByRole("dialog", { name: "Grant credits" });
      await dialog.getByLabel("Credits").fill("500");
      await dialog.getByLabel("Reason").fill("Welcome to the marketplace");
      await dialog.getByRole("button", { name: "Grant", exact: true }).click();
      await expect(dialog).toBeHidden();
    });

    test("the buyer searches, buys, chats with it and rates it — and never sees its prompt", async ({
      page,
    }, info) => {
      await signInTo(page, BEN);
      await page.goto("/marketplace");
      await page.getByRole("searchbox", { name: "Search" }).fill("harbor pilotage");
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await shot(page, info, "marketplace-search");
      await page.getByRole("link", { name: TEMPLATE }).click();
      await expect(page).toHaveURL(new RegExp(`${listingUrl}$`));
      await expect(page.getByText("Pier 4, after the pilot boards.")).toBeVisible();
      await noSecret(page);
      await expect(page.getByText("Your balance: 600 credits.")).toBeVisible();
      await page.getByRole("button", { name: `Buy for ${PRICE} credits` }).click();
      await page.getByRole("button", { name: `Pay ${PRICE} credits` }).click();
      await expect(page.getByText(`Purchased for ${PRICE} credits`)).toBeVisible();
      await expect(page.getByText("You own this template")).toBeVisible();

      await page.getByRole("button", { name: "Start a chat" }).click();
      await conversationId(page);
      chatUrl = new URL(page.url()).pathname;
      await expect(page.getByText("Running the template")).toBeVisible();
      await send(page, "Where do I dock?");
      await settled(page);
      await expect(page.getByText("Aye, dock at pier 4")).toBeVisible();
      await noSecret(page);

      // No API response carries the prompt either.
      const id = chatUrl.split("/").pop() ?? "";
      const conv = await page.request.get(`/api/conversations/${id}`);
      expect(conv.ok()).toBe(true);
      expect(await conv.text()).not.toContain(SECRET);
      // The creator's editor is not the buyer's to open.
      const editor = await page.goto(templateUrl);
      expect(editor?.status()).toBe(404);
      await noSecret(page);

      await page.goto(listingUrl);
      const rate = page.getByRole("form", { name: "Rate this template" });
      await rate.getByRole("radio", { name: "5 stars" }).click();
      await rate.getByLabel("Review (optional)").fill("Docked without a scratch.");
      await rate.getByRole("button", { name: "Submit rating" }).click();
      await expect(page.getByText("Thanks for rating")).toBeVisible();
      await expect(
        page.getByRole("list", { name: "Reviews" }).getByText("Docked without a scratch."),
      ).toBeVisible();
      await shot(page, info, "listing-buyer");
      await page.setViewportSize({ width: 390, height: 844 });
      await shot(page, info, "listing-buyer-phone");
      await page.setViewportSize({ width: 1280, height: 720 });

      await page.goto("/wallet");
      await expect(page.getByText("450", { exact: false }).first()).toBeVisible();
      await expect(page.getByText("Welcome to the marketplace")).toBeVisible();
      await shot(page, info, "wallet-buyer");
    });

    test("a third user without the purchase cannot use it or reach the buyer's chat", async ({ page }) => {
      await signInTo(page, TIA);
      await page.goto(listingUrl);
      await expect(page.getByRole("button", { name: `Buy for ${PRICE} credits` })).toBeVisible();
      await expect(page.getByRole("button", { name: "Start a chat" })).toHaveCount(0);
      await expect(page.getByRole("form", { name: "Rate this template" })).toHaveCount(0);
      await noSecret(page);
      const other = await page.goto(chatUrl);
      expect(other?.status()).toBe(404);
      const api = await page.request.get(`/api/conversations/${chatUrl.split("/").pop()}`);
      expect(api.status()).toBe(404);
      await signOut(page);
    });

    test("the creator sees the sale and the earnings chart", async ({ page }) => {
      await signInTo(page, CORA);
      await page.goto("/creator");
      const row = page.getByRole("row", { name: new RegExp(TEMPLATE) });
      await expect(row).toBeVisible();
      await expect(row).toContainText("105"); // 70% of 150 credits
      await expect(page.locator(".recharts-surface").first()).toBeVisible();
      await page.goto("/wallet");
      await expect(page.getByText(/Sale of|Purchase of/).first()).toBeVisible();
    });

    test("an admin finds the buyer's purchase in Admin → Purchases and refunds it", async ({ page }) => {
      await signInAdmin(page, ADMIN);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Purchases" }).click();
      await expect(page).toHaveURL(/\/admin\/purchases$/);
      await expect(page.getByRole("heading", { name: "Purchases", level: 1 })).toBeVisible();
      await page.getByRole("searchbox", { name: "Search" }).fill(BEN.email);
      await page.getByRole("button", { name: "Filter" }).click();
      await expect(page).toHaveURL(/[?&]q=/);
      const row = page.getByRole("row", { name: new RegExp(TEMPLATE) });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(BEN.email);
      await expect(row).toContainText(CORA.email);
      await expect(row).toContainText(`${PRICE} credits`);
      await expect(row).toContainText("45 credits"); // platform fee, 30%
      await expect(row).toContainText("105 credits"); // seller payout, 70%
      await expect(row).toContainText("Completed");
      await expect(row.getByRole("link", { name: TEMPLATE })).toHaveAttribute("href", listingUrl);

      await row.getByRole("button", { name: `Refund ${TEMPLATE} bought by ${BEN.email}` }).click();
      const dialog = page.getByRole("dialog", { name: `Refund “${TEMPLATE}”?` });
      await expect(dialog).toContainText(`${BEN.email} gets the price back (${PRICE} credits)`);
      await expect(dialog).toContainText("loses the 105 credits payout");
      await expect(dialog).toContainText("access to the template ends");
      await dialog.getByRole("button", { name: "Refund purchase" }).click();
      await expect(dialog).toBeHidden();
      await expect(
        page.getByText(`Refunded “${TEMPLATE}”: ${PRICE} credits went back to ${BEN.email}.`),
      ).toBeVisible();
      await expect(row).toContainText("Refunded");
      await expect(row.getByRole("button", { name: /^Refund / })).toHaveCount(0);
      await signOut(page);

      await signInTo(page, BEN);
      await page.goto(listingUrl);
      await expect(page.getByRole("button", { name: `Buy for ${PRICE} credits` })).toBeVisible();
      await expect(page.getByRole("button", { name: "Start a chat" })).toHaveCount(0);
      await expect(page.getByText("Your balance: 600 credits.")).toBeVisible();
    });
  });
