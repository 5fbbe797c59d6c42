import { type Browser, expect, type Locator, type Page, type TestInfo } from "@playwright/test";
import { register, signIn } from "./helpers";
import { addIntegration, cardOf, statusOf as integrationStatus, signInAdmin } from "./integration-helpers";
import { MOCK_LLM_URL } from "./ports";

/**
 * Helpers for the chat specs: the mock models they add (behaviour in the model name, see
 * mock-llm/behaviour.ts), setup through the admin UI, the model picker, composer and answer columns.
 */

export type MockModel = { id: string; name: string; input?: number; output?: number };
export type ChatUser = { name: string; email: string };

// The instance admin: created by foundation.spec, or by the chat spec when it runs alone.
export const ADMIN: ChatUser = { name: "Ada Admin", email: "ada@prism.test" };

const FAST = "ttft=1000,tps=30,tokens=40";

/** Display names carry the run id, so a spec can run again on the same instance. */
export function mockModels(run: string) {
  return {
    a: { id: `mock-a@${FAST}`, name: `Mock A ${run}`, input: 1, output: 2 },
    b: { id: `mock-b@${FAST}`, name: `Mock B ${run}`, input: 3, output: 4 },
    c: { id: `mock-c@${FAST}`, name: `Mock C ${run}`, input: 2, output: 2 },
    fail: { id: "mock-fail@fail=500", name: `Mock Fail ${run}`, input: 1, output: 1 },
    xss: {
      id: "mock-xss@reply=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%20%5Bclick%5D(javascript%3Aalert(1))",
      name: `Mock XSS ${run}`,
    },
    fuser: {
      id: "mock-fuser@reply=Combined%20answer%20%5Bmock-a%2C%20mock-b%5D%20%23%23%20Disagreements",
      name: `Mock Fuser ${run}`,
      input: 1,
      output: 1,
    },
    slow: { id: "mock-slow@tps=5,tokens=200", name: `Mock Slow ${run}`, input: 1, output: 1 },
    code: {
      id: `mock-code@reply=${encodeURIComponent("Here:\n\n```ts\nconst answer: number = 42;\n```\n")}`,
      name: `Mock Code ${run}`,
    },
  } satisfies Record<string, MockModel>;
}

/**
 * Through the UI: the admin (first, so a fresh instance makes it the admin) shares an
 * OpenAI-compatible integration to the mock, adds the custom chat models, and the users register.
 */
export async function setupChat(
  page: Page,
  browser: Browser,
  opts: { integration: string; models: MockModel[]; users: ChatUser[] },
): Promise<void> {
  await signInAdmin(page, ADMIN);
  for (const user of opts.users) {
    const context = await browser.newContext();
    const p = await context.newPage();
    await register(p, user.name, user.email);
    await expect(p).toHaveURL(/\/chat$/);
    await context.close();
  }
  await page.goto("/admin/integrations");
  await addIntegration(page, {
    provider: "OpenAI-compatible",
    name: opts.integration,
    apiKey: "sk-test-chat",
    baseUrl: `${MOCK_LLM_URL}/v1`,
  });
  await cardOf(page, opts.integration).getByRole("button", { name: "Test connection" }).click();
  await expect(integrationStatus(page, opts.integration)).toHaveText("Connected");
  await page.goto("/admin/models");
  for (const model of opts.models) await addCustomModel(page, opts.integration, model);
}

export async function signInTo(page: Page, user: ChatUser): Promise<void> {
  await signIn(page, user.email);
  await expect(page).toHaveURL(/\/chat$/);
}

/** Admin → Models → "Add custom model", on the given shared integration. */
export async function addCustomModel(page: Page, integration: string, model: MockModel): Promise<void> {
  const form = page.getByRole("form", { name: "Add custom model" });
  await form.getByLabel("Integration").selectOption({ label: `${integration} (OpenAI-compatible, shared)` });
  await form.getByLabel("Model id").fill(model.id);
  await form.getByLabel("Display name (optional)").fill(model.name);
  await form.getByLabel("Type").selectOption("chat");
  await form.getByLabel("Input (USD / 1M)").fill(model.input === undefined ? "" : String(model.input));
  await form.getByLabel("Output (USD / 1M)").fill(model.output === undefined ? "" : String(model.output));
  await form.getByRole("button", { name: "Add custom model" }).click();
  await expect(page.getByText(`${model.id} added to the catalog`)).toBeVisible();
}

export const picker = (page: Page) => page.getByRole("button", { name: /^Models:/ });

/** Opens the picker, leaves exactly these models checked, and closes it. */
export async function chooseModels(page: Page, names: string[]): Promise<void> {
  await picker(page).click();
  const group = page.getByRole("group", { name: "Models" });
  await expect(group).toBeVisible();
  const boxes = group.getByRole("checkbox");
  for (const box of await boxes.all()) {
    const label = (await box.getAttribute("aria-label")) ?? "";
    if ((await box.isChecked()) && !names.includes(label)) await box.uncheck();
  }
  for (const name of names) await group.getByRole("checkbox", { name, exact: true }).check();
  await page.keyboard.press("Escape");
  await expect(group).toBeHidden();
}

export const prompt = (page: Page) => page.getByRole("textbox", { name: "Message", exact: true });

export async function send(page: Page, text: string): Promise<void> {
  await prompt(page).fill(text);
  await prompt(page).press("Enter");
}

export const answers = (scope: Page | Locator) => scope.getByTestId("answer");
export const answerOf = (scope: Page | Locator, model: string) =>
  scope.locator(`[data-testid="answer"][data-model="${model}"]`);
export const statusOf = (answer: Locator) => answer.getByTestId("answer-status");

/** Waits until no answer is streaming and the composer is ready again. */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator('[data-status="streaming"]')).toHaveCount(0, { timeout: 30_000 });
  await expect(prompt(page)).toBeEnabled();
}

/** The open conversation's id, once the URL has become /chat/<id> (a new chat replaces it after sending). */
export async function conversationId(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const id = /\/chat\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on a conversation page: ${page.url()}`);
  return id;
}

export async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  const file = info.outputPath(`${name}.png`);
  // Chromium sometimes cannot capture while the machine is busy ("Unable to capture screenshot"):
  // one more try after a moment.
  await page.screenshot({ path: file }).catch(async () => {
    await page.waitForTimeout(500);
    await page.screenshot({ path: file });
  });
  await info.attach(name, { path: file, contentType: "image/png" });
}

/** A dictionary entry through the terminology page's "New entry" form (forbidden variants optional). */
export async function addTerm(
  page: Page,
  entry: { term: string; definition: string; forbidden?: string[] },
): Promise<void> {
  await page.goto("/terminology");
  await page.getByRole("button", { name: "New entry" }).click();
  const form = page.getByRole("form", { name: "New entry" });
  await form.getByLabel("Term", { exact: true }).fill(entry.term);
  await form.getByLabel("Definition").fill(entry.definition);
  for (const word of entry.forbidden ?? []) {
    await form.getByLabel("Forbidden variants").fill(word);
    await form.getByLabel("Forbidden variants").press("Enter");
  }
  await form.getByRole("button", { name: "Add entry" }).click();
  await expect(page.getByText(`“${entry.term}” added to your dictionary`)).toBeVisible();
}

/** The conversation's "Use my terminology" switch (in the composer). */
export const terminologySwitch = (page: Page) => page.getByRole("switch", { name: "Use my terminology" });
