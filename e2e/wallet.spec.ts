import { randomUUID } from "node:crypto";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { stripeSignature } from "../lib/billing/stripe";
import { register, signIn } from "./helpers";
import { screenshot, signInAdmin } from "./integration-helpers";
import { STRIPE_WEBHOOK_SECRET } from "./ports";

/**
 * Credits: an admin grants them from Admin → Users, the user reads them on /wallet; card top-ups are
 * off on this instance and the page says how credits arrive instead; the Stripe webhook refuses a
 * bad signature and credits a signed event exactly once; an admin moderates a reported listing.
 */
const run = `w${Date.now().toString(36)}`;
const ADMIN = { name: "Ada Admin", email: "ada@prism.test" };
const WREN = { name: "Wren Wallet", email: `wren-${run}@prism.test` };
const CASS = { name: "Cass Creator", email: `cass-${run}@prism.test` };
const RORY = { name: "Rory Reporter", email: `rory-${run}@prism.test` };
const LISTING = `Tide Clock ${run}`;

let wrenId = "";
let wrenBalance = 0;
let listingPath = "";

const statementRows = (page: Page) => page.getByTestId("statement-row");
const balanceOf = async (page: Page) =>
  Number((await page.getByTestId("wallet-balance-credits").textContent())?.replace(/,/g, ""));

async function registered(browser: Browser, user: { name: string; email: string }): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await register(page, user.name, user.email);
  await expect(page).toHaveURL(/\/chat$/);
  await context.close();
}

async function signedIn(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  await expect(page).toHaveURL(/\/chat$/);
  return { context, page };
}

async function reportListing(browser: Browser, email: string, reason: string): Promise<void> {
  const { context, page } = await signedIn(browser, email);
  await page.goto(listingPath);
  await page.getByRole("button", { name: "Report this listing" }).click();
  const dialog = page.getByRole("dialog", { name: "Report this listing" });
  await dialog.getByLabel("What is wrong?").fill(reason);
  await dialog.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByText("Reported. Thank you.")).toBeVisible();
  await context.close();
}

test.describe
  .serial("wallet, grants, Stripe webhook and moderation", () => {
    test("an admin grants a user credits from Admin → Users", async ({ page, browser }) => {
      await signInAdmin(page, ADMIN);
      await registered(browser, WREN);
      await page.goto(`/admin/users?q=${encodeURIComponent(WREN.email)}`);
      const row = page.getByTestId("user-row").filter({ hasText: WREN.email });
      wrenId = (await row.getAttribute("data-user-id")) ?? "";
      expect(wrenId).toMatch(/^[0-9a-f-]{36}$/);
      await expect(row.getByTestId("user-balance")).toHaveText("0 credits");

      await row.getByRole("button", { name: `Grant credits to ${WREN.email}` }).click();
      const dialog = page.getByRole("dialog", { name: "Grant credits" });
      await expect(dialog.getByLabel("Credits", { exact: true })).toBeFocused();
      await dialog.getByLabel("Credits", { exact: true }).fill("1234");
      await expect(dialog.getByText("Worth $12.34")).toBeVisible();
      // The server's rule (a reason of 3+ characters) is shown next to the field.
      await dialog.getByLabel("Reason", { exact: true }).fill("no");
      await dialog.getByRole("button", { name: "Grant", exact: true }).click();
      await expect(dialog.getByRole("alert")).toHaveText("Reason must say why (3 characters at least)");
      await dialog.getByLabel("Reason", { exact: true }).fill(`Beta tester thanks ${run}`);
      await dialog.getByRole("button", { name: "Grant", exact: true }).click();
      await expect(page.getByText(`Granted 1,234 credits to ${WREN.email}`)).toBeVisible();
      await expect(dialog).toBeHidden();
      await expect(row.getByTestId("user-balance")).toHaveText("1,234 credits");
    });

    test("the user sees the balance, the grant in the statement, and why top-ups are off", async ({
      browser,
    }, info) => {
      const { context, page } = await signedIn(browser, WREN.email);
      await page.goto("/wallet");
      await expect(page.getByRole("heading", { name: "Wallet", level: 1 })).toBeVisible();
      const grant = statementRows(page).filter({ hasText: `Beta tester thanks ${run}` });
      await expect(grant).toHaveCount(1);
      await expect(grant).toHaveAttribute("data-kind", "grant");
      await expect(grant.getByTestId("statement-amount")).toHaveText("+1,234");
      // The plan's monthly allowance lands on the first visit; the balance is the two together.
      const allowances = statementRows(page).and(page.locator('[data-kind="allowance"]'));
      let allowance = 0;
      for (const a of await allowances.all())
        allowance += Number((await a.getByTestId("statement-amount").textContent())?.replace(/[+,]/g, ""));
      expect(await balanceOf(page)).toBe(1234 + allowance);
      wrenBalance = 1234 + allowance;
      await expect(page.getByTestId("wallet-balance")).toContainText(
        `$${((1234 + allowance) / 100).toFixed(2)}`,
      );

      const topUp = page.getByTestId("topup-unavailable");
      await expect(topUp).toContainText("Card top-ups are not configured on this instance.");
      await expect(topUp).toContainText("grants from an administrator");
      await expect(page.getByRole("button", { name: /^Pay/ })).toHaveCount(0);
      await expect(page.getByTestId("wallet-purchases")).toHaveCount(0);
      await expect(page.getByText("You have not bought a template yet.")).toBeVisible();
      await screenshot(page, info, "wallet-desktop");
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, info, "wallet-phone");

      // The checkout endpoint agrees, and Stripe's return links toast and clean the address.
      const checkout = await page.request.post("/api/wallet/checkout", { data: { credits: 500 } });
      expect(checkout.status()).toBe(503);
      expect((await checkout.json()).error.message).toMatch(/not configured/);
      await page.goto("/wallet?topup=cancelled");
      await expect(page.getByText("Top-up cancelled. You were not charged.")).toBeVisible();
      await expect(page).toHaveURL(/\/wallet$/);
      await context.close();
    });

    test("the Stripe webhook refuses bad signatures and credits a signed event once", async ({
      request,
      browser,
    }) => {
      const event = {
        id: `evt_${randomUUID().replaceAll("-", "")}`,
        type: "checkout.session.completed",
        data: {
          object: {
            id: `cs_${run}`,
            payment_status: "paid",
            metadata: { userId: wrenId, credits: "750" },
          },
        },
      };
      const body = JSON.stringify(event);
      const post = (signature?: string) =>
        request.post("/api/stripe/webhook", {
          data: body,
          headers: {
            "Content-Type": "application/json",
            ...(signature ? { "Stripe-Signature": signature } : {}),
          },
        });

      const unsigned = await post();
      expect(unsigned.status()).toBe(400);
      expect((await unsigned.json()).error).toMatchObject({ code: "bad_request" });
      const forged = await post(stripeSignature(body, "whsec_someone_else"));
      expect(forged.status()).toBe(400);
      expect((await forged.json()).error.message).toMatch(/does not match/);

      const first = await post(stripeSignature(body, STRIPE_WEBHOOK_SECRET));
      expect(first.status()).toBe(200);
      expect(await first.json()).toEqual({ received: true, status: "credited", credits: 750 });
      const again = await post(stripeSignature(body, STRIPE_WEBHOOK_SECRET));
      expect(again.status()).toBe(200);
      expect(await again.json()).toEqual({ received: true, status: "duplicate" });

      const { context, page } = await signedIn(browser, WREN.email);
      await page.goto("/wallet");
      const topUps = statementRows(page).and(page.locator('[data-kind="topup"]'));
      await expect(topUps).toHaveCount(1);
      await expect(topUps).toContainText("Card top-up (750 credits)");
      await expect(topUps.getByTestId("statement-amount")).toHaveText("+750");
      expect(await balanceOf(page)).toBe(wrenBalance + 750);
      await context.close();
    });

    test("an admin dismisses reports on a listing, then removes it", async ({ page, browser }, info) => {
      test.setTimeout(120_000);
      await registered(browser, CASS);
      await registered(browser, RORY);

      // The creator lists a free template.
      const creator = await signedIn(browser, CASS.email);
      const c = creator.page;
      await c.goto("/templates/new");
      const form = c.getByRole("form", { name: "New template" });
      await form.getByLabel("Name").fill(LISTING);
      await form.getByLabel("Description").fill("Tells you when the tide turns.");
      await form.getByLabel("System prompt").fill("You tell the time of the tides.");
      await form.getByRole("button", { name: "Create template" }).click();
      await expect(c).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
      await c.getByLabel("Changelog").fill("First release");
      await c.getByRole("button", { name: "Publish version 1" }).click();
      await expect(c.getByText("Version 1 published")).toBeVisible();
      await c.getByLabel("Price (credits)").fill("0");
      await c.getByRole("button", { name: "Publish to marketplace" }).click();
      await expect(c.getByText("Listed in the marketplace")).toBeVisible();
      await c.getByRole("link", { name: "View listing" }).click();
      await expect(c).toHaveURL(/\/marketplace\/tide-clock-/);
      listingPath = new URL(c.url()).pathname;
      await creator.context.close();

      await reportListing(browser, RORY.email, `It invents tide times ${run}.`);
      await reportListing(browser, WREN.email, `Spam links in every answer ${run}.`);

      await signInAdmin(page, ADMIN);
      await page.goto("/admin/moderation");
      const item = page.getByRole("article", { name: new RegExp(LISTING) });
      await expect(item).toContainText("2 open reports");
      await expect(item).toContainText(`by ${CASS.email}`);
      await expect(item).toContainText(`It invents tide times ${run}.`);
      await expect(item).toContainText(RORY.email);
      await expect(item).toContainText(WREN.email);
      await expect(item.getByRole("link", { name: LISTING })).toHaveAttribute("href", listingPath);
      await screenshot(page, info, "moderation-desktop");

      await item.getByRole("button", { name: `Dismiss reports on ${LISTING}` }).click();
      await expect(page.getByText(`Dismissed 2 reports on “${LISTING}”.`)).toBeVisible();
      await expect(item).toHaveCount(0);

      // Reported again: this time the admin removes it, after confirming.
      await reportListing(browser, RORY.email, `Still inventing tide times ${run}.`);
      await page.reload();
      await expect(item).toContainText("1 open report");
      await item.getByRole("button", { name: `Remove listing ${LISTING}` }).click();
      const confirm = page.getByRole("dialog", { name: `Remove “${LISTING}”?` });
      await expect(confirm).toContainText("cannot list it again");
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await expect(confirm).toBeHidden();
      await expect(item).toBeVisible();
      await item.getByRole("button", { name: `Remove listing ${LISTING}` }).click();
      await confirm.getByRole("button", { name: "Remove listing" }).click();
      await expect(page.getByText(`“${LISTING}” was removed from the marketplace.`)).toBeVisible();
      await expect(item).toHaveCount(0);

      // The listing is gone for everyone else.
      const reporter = await signedIn(browser, RORY.email);
      const gone = await reporter.page.goto(listingPath);
      expect(gone?.status()).toBe(404);
      await reporter.context.close();
    });
  });
