import { expect, test } from "@playwright/test";
import { alerts, PASSWORD, register, signedInContext, signIn, signOut } from "./helpers";

const admin = { name: "Ada Admin", email: "ada@prism.test" };
const user = { name: "Bob User", email: "bob@prism.test" };

test.describe
  .serial("accounts, shell and admin", () => {
    test("the first account on an empty instance becomes admin, and the page says so", async ({ page }) => {
      await page.goto("/register");
      await expect(page.getByTestId("first-user-notice")).toContainText("administrator");
      await register(page, admin.name, admin.email);
      // The signed-in home is the chat.
      await expect(page).toHaveURL(/\/chat$/);
      await expect(
        page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }),
      ).toBeVisible();
      await page.goto("/settings/profile");
      await expect(page.getByLabel("Email")).toHaveValue(admin.email);
      await signOut(page);
    });

    test("registration explains a weak password and a taken email", async ({ page }) => {
      await page.goto("/register");
      await expect(page.getByTestId("first-user-notice")).toHaveCount(0);
      await register(page, "Weak", "weak@prism.test", "short");
      await expect(alerts(page)).toContainText("Use at least 10 characters.");
      await register(page, "Again", admin.email.toUpperCase());
      await expect(alerts(page)).toContainText("already exists");
    });

    test("a second account is a plain user and gets 404 on the admin console", async ({ page }) => {
      await register(page, user.name, user.email);
      await expect(page).toHaveURL(/\/chat$/);
      await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
      const res = await page.goto("/admin/users");
      expect(res?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
      await page.goto("/settings/profile");
      await signOut(page);
    });

    test("a wrong password gets a clear message; the right one signs in and out", async ({ page }) => {
      await signIn(page, user.email, "not the password 9");
      await expect(alerts(page)).toHaveText("Wrong email or password.");
      await expect(page).toHaveURL(/\/login/);
      await signIn(page, user.email);
      await expect(page).toHaveURL(/\/chat$/);
      await expect(page.getByTestId("shell-user-name").first()).toHaveText(user.name);
      await signOut(page);
      await page.goto("/settings/profile");
      await expect(page).toHaveURL(/\/login/);
    });

    test("revoking a session signs that browser out on its next request", async ({ browser }) => {
      const laptop = await signedInContext(
        browser,
        user.email,
        "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
      );
      const phone = await signedInContext(
        browser,
        user.email,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile Safari/604.1",
      );
      await laptop.page.goto("/settings/security");
      await expect(laptop.page.getByTestId("session-row")).toHaveCount(2);
      await laptop.page.getByRole("button", { name: /Revoke session from Safari on iOS/ }).click();
      await expect(laptop.page.getByText("Session revoked")).toBeVisible();
      await expect(laptop.page.getByTestId("session-row")).toHaveCount(1);

      await phone.page.goto("/settings/profile");
      await expect(phone.page).toHaveURL(/\/login/);
      await laptop.page.goto("/settings/profile");
      await expect(laptop.page).toHaveURL(/\/settings\/profile/);
      await laptop.context.close();
      await phone.context.close();
    });

    test("an admin suspends a user, who is signed out and can no longer sign in; the audit log shows it", async ({
      browser,
    }) => {
      const bob = await signedInContext(browser, user.email);
      const ada = await signedInContext(browser, admin.email);
      await ada.page.goto("/admin/users");
      const row = ada.page.locator(`[data-testid="user-row"][data-email="${user.email}"]`);
      await expect(row).toContainText("Active");
      ada.page.once("dialog", (d) => d.accept());
      await row.getByRole("button", { name: "Suspend" }).click();
      await expect(ada.page.getByText(`${user.email} suspended`)).toBeVisible();
      await expect(row).toContainText("Suspended");

      await bob.page.goto("/settings/profile");
      await expect(bob.page).toHaveURL(/\/login/);
      await signIn(bob.page, user.email, PASSWORD);
      await expect(alerts(bob.page)).toContainText("suspended");

      await ada.page.goto("/admin/audit?action=suspended");
      const entry = ada.page.getByTestId("audit-row").first();
      await expect(entry).toContainText("suspended");
      await expect(entry).toContainText(admin.email);
      await entry.getByText("Before / after").click();
      await expect(entry).toContainText('"suspendedAt": null');

      ada.page.once("dialog", (d) => d.accept());
      await ada.page.goto("/admin/users?q=bob");
      await ada.page.getByRole("button", { name: "Reinstate" }).click();
      await expect(ada.page.getByText(`${user.email} reinstated`)).toBeVisible();
      await signIn(bob.page, user.email);
      await expect(bob.page).toHaveURL(/\/chat$/);
      await bob.context.close();
      await ada.context.close();
    });

    test("the shell works at desktop and mobile widths in both themes (screenshots saved)", async ({
      browser,
    }, info) => {
      for (const theme of ["light", "dark"] as const) {
        for (const [label, viewport] of [
          ["desktop", { width: 1280, height: 800 }],
          ["mobile", { width: 390, height: 844 }],
        ] as const) {
          // The system theme follows the browser's colour scheme.
          const context = await browser.newContext({ viewport, colorScheme: theme });
          const page = await context.newPage();
          await signIn(page, admin.email);
          await expect(page).toHaveURL(/\/chat$/);
          if (label === "mobile") {
            await expect(page.getByRole("button", { name: "Open navigation" })).toBeVisible();
            await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
            await page.getByRole("button", { name: "Open navigation" }).click();
            // Admins see two "Settings" links: their own and the instance's (Admin → Settings).
            await expect(
              page.getByRole("dialog").getByRole("link", { name: "Settings", exact: true }).first(),
            ).toBeVisible();
          } else {
            await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
          }
          const dark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
          expect(dark).toBe(theme === "dark");
          const file = info.outputPath(`shell-${label}-${theme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          await info.attach(`shell-${label}-${theme}`, { path: file, contentType: "image/png" });
          await context.close();
        }
      }
    });

    test("the theme toggle switches and remembers the theme", async ({ page }) => {
      await signIn(page, admin.email);
      await expect(page).toHaveURL(/\/chat$/);
      const toggle = page.getByRole("radiogroup", { name: "Theme" }).first();
      await toggle.getByRole("radio", { name: "Dark theme" }).click();
      await expect(page.locator("html")).toHaveClass(/dark/);
      await page.reload();
      await expect(page.locator("html")).toHaveClass(/dark/);
      await expect(toggle.getByRole("radio", { name: "Dark theme" })).toHaveAttribute("aria-checked", "true");
      await toggle.getByRole("radio", { name: "Light theme" }).click();
      await expect(page.locator("html")).not.toHaveClass(/dark/);
    });
  });
