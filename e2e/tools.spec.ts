import { expect, test } from "@playwright/test";
import {
  answerOf,
  chooseModels,
  conversationId,
  type MockModel,
  send,
  settled,
  setupChat,
  shot,
  signInTo,
} from "./chat-helpers";
import { MCP_TEST_URL } from "./ports";

/**
 * MCP tools (issue #16): a user adds an MCP server (a real one, started by e2e/server.ts) in
 * Settings → Tools, enables one tool, selects the server in a conversation, and a mock model that
 * calls `echo` answers with the tool's result; the tool call shows as a collapsible part while the
 * turn runs and again after a reload.
 */
const run = Date.now().toString(36);
const TINA = { name: "Tina Tools", email: `tina-${run}@prism.test` };
const INTEGRATION = `Tools mock ${run}`;
const SERVER = `echo-${run}`;
const ARGS = encodeURIComponent(JSON.stringify({ text: "hello from e2e" }));
const TOOLY: MockModel = { id: `mock-tooly@tool=echo,tool_args=${ARGS}`, name: `Mock Tooly ${run}` };

test.describe.configure({ mode: "serial" });

test("set up the mock model and the user", async ({ page, browser }) => {
  await setupChat(page, browser, { integration: INTEGRATION, models: [TOOLY], users: [TINA] });
});

test("add an MCP server, enable a tool, and a model calls it in chat", async ({ page }, info) => {
  await signInTo(page, TINA);
  await page.goto("/settings/tools");
  await expect(page.getByRole("heading", { name: "Your MCP servers" })).toBeVisible();
  const form = page.getByRole("form", { name: "Add an MCP server" });
  await form.getByLabel("Name").fill(SERVER);
  await form.getByLabel("Server URL").fill(MCP_TEST_URL);
  await form.getByLabel("Headers (optional)").fill("Authorization: Bearer e2e-token");
  await form.getByRole("button", { name: "Add server" }).click();
  await expect(page.getByText(`${SERVER} is connected`)).toBeVisible();
  const card = page.getByRole("article", { name: new RegExp(SERVER) });
  await expect(card.getByTestId("mcp-status")).toHaveText("Connected");
  await expect(card).toContainText("headers: Authorization");
  await expect(card).not.toContainText("e2e-token");
  await expect(card.getByTestId("mcp-tool")).toHaveCount(5);
  await expect(card.getByText("Echo the text back")).toBeVisible();
  await expect(card.getByText("Destructive")).toBeVisible();
  await card.getByRole("checkbox", { name: "echo" }).check();
  await expect(page.getByText("echo enabled")).toBeVisible();
  await expect(card).toContainText("1 of 5 enabled");
  await card.getByText("Input schema").first().click();
  await shot(page, info, "settings-tools");

  await page.goto("/chat");
  await chooseModels(page, [TOOLY.name]);
  await page.getByTestId("tool-selector").click();
  await page.getByRole("checkbox", { name: new RegExp(SERVER) }).check();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("tool-selector")).toHaveText("Tools (1)");
  await send(page, "Please echo something");
  await settled(page);
  const id = await conversationId(page);
  const answer = answerOf(page, TOOLY.name);
  const part = answer.getByTestId("tool-part");
  await expect(part).toHaveCount(1);
  await expect(part).toHaveAttribute("data-state", "done");
  await expect(part).toContainText("echo");
  await expect(part).toContainText(SERVER);
  await expect(answer).toContainText("Tool result: echo: hello from e2e");
  await part.locator("summary").click();
  await expect(part).toContainText('"text": "hello from e2e"');
  await expect(part).toContainText("echo: hello from e2e");
  await shot(page, info, "chat-tool-part");

  await page.reload();
  await expect(page).toHaveURL(new RegExp(id));
  const again = answerOf(page, TOOLY.name).getByTestId("tool-part");
  await expect(again).toHaveAttribute("data-state", "done");
  await again.locator("summary").click();
  await expect(again).toContainText("echo: hello from e2e");
  await expect(page.getByTestId("tool-selector")).toHaveText("Tools (1)");
});
