import { expect, type Page, test } from "@playwright/test";
import { answerOf, picker, prompt, send, settled, signInTo, statusOf } from "./chat-helpers";
import { MOCK_LLM_URL } from "./ports";

/**
 * The first run, on an instance with its administrator (foundation.spec) and no model yet: the
 * admin is led from the empty chat to the guide, connects the "local Ollama" (the mock server,
 * which e2e/server.ts names in PRISM_OLLAMA_URL) in one click, picks default models and lands in a
 * chat that answers; a plain user meanwhile sees what to do instead of an empty picker. It runs
 * before the feature specs and removes the integration it made, so they find the instance as before.
 */
const ADMIN = { name: "Ada Admin", email: "ada@prism.test" };
const BOB = { name: "Bob User", email: "bob@prism.test" };

async function shots(page: Page, name: string, info: import("@playwright/test").TestInfo) {
  const file = info.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await info.attach(name, { path: file, contentType: "image/png" });
}

test.describe
  .serial("first run", () => {
    test("a user with no usable model is told what to do, not shown an empty picker", async ({
      page,
    }, info) => {
      await signInTo(page, BOB);
      const empty = page.getByTestId("no-models");
      await expect(empty).toContainText("No model is available yet");
      await expect(empty).toContainText(
        "Ask your administrator to connect a provider, or add your own key in Settings → Integrations",
      );
      await expect(empty.getByRole("link", { name: "Settings → Integrations" })).toHaveAttribute(
        "href",
        "/settings/integrations",
      );
      await expect(picker(page)).toHaveCount(0);
      await expect(prompt(page)).toHaveCount(0);
      await shots(page, "chat-no-models-user", info);
      // The guide is the administrator's: anyone else is sent back to the chat.
      await page.goto("/welcome");
      await expect(page).toHaveURL(/\/chat$/);
    });

    test("the administrator goes from the empty chat to the guide and connects the local Ollama in one click", async ({
      page,
    }, info) => {
      await signInTo(page, ADMIN);
      const empty = page.getByTestId("no-models");
      await expect(empty.getByRole("heading", { name: "No model is connected yet" })).toBeVisible();
      await expect(picker(page)).toHaveCount(0);
      await shots(page, "chat-no-models-admin", info);
      await empty.getByRole("link", { name: "Set up Prism" }).click();
      await expect(page).toHaveURL(/\/welcome$/);
      await expect(page.getByRole("heading", { name: "Set up Prism", level: 1 })).toBeVisible();
      await expect(page.getByRole("link", { name: "Admin → Integrations" })).toHaveAttribute(
        "href",
        "/admin/integrations",
      );

      const ollama = page.getByTestId("local-ollama");
      await expect(ollama).toContainText(`Found at ${MOCK_LLM_URL} · 4 models`);
      await expect(page.getByTestId("local-lmstudio")).toBeVisible();
      await shots(page, "welcome-detected", info);
      await ollama.getByRole("button", { name: "Connect Ollama" }).click();
      await expect(page.getByText("Ollama (local) connected: 4 models added")).toBeVisible();
      await expect(page.getByTestId("models-available")).toHaveText(
        "4 chat models are available. You can connect more at any time.",
      );
      await expect(ollama.getByText("Connected")).toBeVisible();
      await expect(page.getByRole("heading", { name: /Done: 1\. Connect a model provider/ })).toBeVisible();

      // Step 2: exactly mock-fast and mock-gpt, saved (audited) as the instance's defaults.
      const step2 = page.getByTestId("step-2");
      for (const box of await step2.getByRole("checkbox").all()) await box.uncheck();
      await expect(page.getByRole("button", { name: "Start chatting" })).toBeDisabled();
      await step2.getByRole("checkbox", { name: /mock-fast/ }).check();
      await step2.getByRole("checkbox", { name: /mock-gpt/ }).check();
      await step2.getByRole("button", { name: "Save default models" }).click();
      await expect(page.getByText("Default models saved (2)")).toBeVisible();
      await expect(step2.getByRole("button", { name: "Defaults saved" })).toBeDisabled();
      await shots(page, "welcome-ready", info);

      await page.getByRole("button", { name: "Start chatting" }).click();
      await expect(page).toHaveURL(/\/chat$/);
      await expect(picker(page)).toHaveAccessibleName("Models: mock-fast, mock-gpt");
      await picker(page).click();
      await expect(page.getByRole("group", { name: "Models" })).toContainText(
        "You can compare up to 8 models at once: administrators are exempt from plan limits",
      );
      await page.keyboard.press("Escape");
      await send(page, "Hello from the first run");
      for (const model of ["mock-fast", "mock-gpt"]) {
        const answer = answerOf(page, model);
        await expect(answer).toContainText("Mock reply to: Hello from the first run", { timeout: 30_000 });
        await expect(statusOf(answer)).toHaveText("Done");
      }
      await settled(page);
    });

    test("everyone's new chats start from the defaults", async ({ browser }) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInTo(page, BOB);
      await expect(page.getByTestId("no-models")).toHaveCount(0);
      // Bob is on Free (2 per compare): both defaults fit.
      await expect(picker(page)).toHaveAccessibleName("Models: mock-fast, mock-gpt");
      await picker(page).click();
      await expect(page.getByRole("group", { name: "Models" })).toContainText(
        "Your Free plan compares up to 2 models at once.",
      );
      await context.close();
    });

    test("the guide reads well on a phone and a desktop, light and dark", async ({ browser }, info) => {
      for (const [name, viewport] of [
        ["phone", { width: 390, height: 844 }],
        ["desktop", { width: 1280, height: 900 }],
      ] as const) {
        for (const theme of ["light", "dark"] as const) {
          const context = await browser.newContext({ viewport, colorScheme: theme });
          const page = await context.newPage();
          await signInTo(page, ADMIN);
          await page.goto("/welcome");
          await expect(page.getByTestId("local-ollama")).toContainText("Found at");
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect(overflow).toBeLessThanOrEqual(0);
          await shots(page, `welcome-${name}-${theme}`, info);
          for (const path of ["/admin/settings", "/admin/plans", "/usage"]) {
            await page.goto(path);
            await shots(page, `${path.split("/").pop()}-${name}-${theme}`, info);
          }
          await context.close();
        }
      }
    });

    test("Admin → Settings binds administrators to their plan and back, audited", async ({ page }) => {
      await signInTo(page, ADMIN);
      await page.goto("/admin/settings");
      const form = page.getByRole("form", { name: "Administrators and plan limits" });
      const exempt = form.getByLabel("Administrators are exempt from plan limits");
      await expect(exempt).toBeChecked();
      await expect(
        form.getByLabel("Charge administrators for calls on shared integrations"),
      ).not.toBeChecked();
      await exempt.uncheck();
      await form.getByRole("button", { name: "Save administrator settings" }).click();
      await expect(
        page.getByText(
          "Saved: administrators are bound by plan limits and not charged for shared integrations",
        ),
      ).toBeVisible();
      await page.goto("/admin/plans");
      await expect(page.getByTestId("plan-scope")).toContainText(
        "administrators included (they are not exempt on this instance)",
      );
      await page.goto("/chat");
      await picker(page).click();
      await expect(page.getByRole("group", { name: "Models" })).toContainText(
        "Your Free plan compares up to 2 models at once.",
      );
      await page.keyboard.press("Escape");
      await page.goto("/admin/audit?entityType=app_setting");
      const entry = page.getByTestId("audit-row").first();
      await expect(entry).toContainText("adminsExemptFromPlanLimits");
      await expect(entry).toContainText(ADMIN.email);

      await page.goto("/admin/settings");
      await exempt.check();
      await form.getByRole("button", { name: "Save administrator settings" }).click();
      await expect(
        page.getByText(
          "Saved: administrators are exempt from plan limits and not charged for shared integrations",
        ),
      ).toBeVisible();
    });

    test("cleanup: the integration made here is removed, so later specs start as before", async ({
      page,
    }) => {
      await signInTo(page, ADMIN);
      await page.goto("/admin/integrations");
      page.once("dialog", (d) => void d.accept());
      await page.getByRole("button", { name: "Delete Ollama (local)" }).click();
      await expect(page.getByText("Ollama (local) deleted")).toBeVisible();
      await page.goto("/chat");
      await expect(page.getByTestId("no-models")).toBeVisible();
    });
  });
