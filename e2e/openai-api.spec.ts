import Anthropic, { AuthenticationError as AnthropicAuthError } from "@anthropic-ai/sdk";
import { expect, type Page, test } from "@playwright/test";
import OpenAI, { AuthenticationError, PermissionDeniedError } from "openai";
import { addIntegration, cardOf, signInAdmin, statusOf } from "./integration-helpers";
import { MOCK_LLM_URL } from "./ports";

/**
 * Prism as OpenAI: the official `openai` client, pointed at /api/v1 with a Prism key made in
 * Settings → API keys, answers through the gateway from the mock model server.
 */
const run = Date.now().toString(36);
const ADMIN = { name: "Ada Admin", email: "ada@prism.test" };
const SHARED = `API mock ${run}`;

async function createKey(page: Page, name: string, scopes: string[]): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill(name);
  for (const scope of ["chat", "models", "usage:read"]) {
    const box = page.getByRole("checkbox", { name: new RegExp(`^${scope.replace(":", ":")}`) });
    if (scopes.includes(scope)) await box.check();
    else await box.uncheck();
  }
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^prism_/);
  return secret;
}

test.describe
  .serial("OpenAI-compatible API", () => {
    let key = "";
    let modelsOnlyKey = "";

    test("an admin shares the mock as a model source and creates API keys", async ({ page }) => {
      await signInAdmin(page, ADMIN);
      await page.goto("/admin/integrations");
      await addIntegration(page, {
        provider: "OpenAI-compatible",
        name: SHARED,
        apiKey: "sk-test-api",
        baseUrl: `${MOCK_LLM_URL}/v1`,
      });
      await cardOf(page, SHARED).getByRole("button", { name: "Test connection" }).click();
      await expect(statusOf(page, SHARED)).toHaveText("Connected");
      const card = cardOf(page, SHARED);
      await card.getByRole("checkbox", { name: "mock-fast", exact: true }).check();
      await card.getByRole("button", { name: "Add to catalog" }).click();
      await expect(page.getByText("Added 1 model to the catalog")).toBeVisible();
      key = await createKey(page, `client ${run}`, ["chat", "models"]);
      modelsOnlyKey = await createKey(page, `models only ${run}`, ["models"]);
      await expect(page.getByTestId("api-key-row").filter({ hasText: `client ${run}` })).toContainText(
        "Active",
      );
      // The secret is shown once: after a reload only its prefix remains.
      await page.reload();
      await expect(page.getByText(key)).toHaveCount(0);
      await expect(page.getByTestId("api-key-row").filter({ hasText: `client ${run}` })).toContainText(
        key.slice(0, 14),
      );
    });

    test("the official openai client lists models and completes a chat, streaming and not", async ({
      baseURL,
    }) => {
      const client = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
      const models = await client.models.list();
      const ids = models.data.map((m) => m.id);
      expect(ids).toContain("openai-compatible/mock-fast");

      const completion = await client.chat.completions.create({
        model: "openai-compatible/mock-fast",
        messages: [{ role: "user", content: "Say hello" }],
      });
      expect(completion.object).toBe("chat.completion");
      expect(completion.choices[0]?.message.content).toContain("Mock reply to: Say hello");
      expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);

      const stream = await client.chat.completions.create({
        model: "openai-compatible/mock-fast",
        messages: [{ role: "user", content: "Stream please" }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = "";
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? "";
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toContain("Mock reply to: Stream please");
      expect(usage?.completion_tokens).toBeGreaterThan(0);
    });

    test("tools take the metered path, and the official Anthropic SDK talks to /api/v1/messages", async ({
      baseURL,
      page,
    }) => {
      const openai = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
      const withTools = await openai.chat.completions.create({
        model: "openai-compatible/mock-fast",
        messages: [{ role: "user", content: "Any tools?" }],
        tools: [
          { type: "function", function: { name: "weather", parameters: { type: "object", properties: {} } } },
        ],
      });
      // The mock model answers in text when no tool call is scripted for it.
      expect(withTools.choices[0]?.message.content).toContain("Mock reply to: Any tools?");
      expect(withTools.choices[0]?.finish_reason).toBe("stop");

      const anthropic = new Anthropic({ apiKey: key, baseURL: `${baseURL}/api`, maxRetries: 0 });
      const message = await anthropic.messages.create({
        model: "openai-compatible/mock-fast",
        max_tokens: 100,
        messages: [{ role: "user", content: "Hello Claude" }],
      });
      expect(message.content[0]).toMatchObject({
        type: "text",
        text: expect.stringContaining("Mock reply to: Hello Claude"),
      });
      expect(message.usage.output_tokens).toBeGreaterThan(0);
      const streamed = await anthropic.messages
        .stream({
          model: "openai-compatible/mock-fast",
          max_tokens: 100,
          messages: [{ role: "user", content: "Stream" }],
        })
        .finalMessage();
      expect(streamed.stop_reason).toBe("end_turn");
      expect(streamed.content[0]).toMatchObject({ type: "text" });
      const bad = new Anthropic({ apiKey: "prism_not-a-real-key", baseURL: `${baseURL}/api`, maxRetries: 0 });
      await expect(
        bad.messages.create({
          model: "openai-compatible/mock-fast",
          max_tokens: 10,
          messages: [{ role: "user", content: "x" }],
        }),
      ).rejects.toBeInstanceOf(AnthropicAuthError);

      // The reference documents both.
      await signInAdmin(page, ADMIN);
      await page.goto("/docs/api");
      await expect(page.getByRole("heading", { name: "Tool calling" })).toBeVisible();
      await page
        .getByRole("heading", { name: "POST /api/v1/messages (Anthropic Messages)" })
        .scrollIntoViewIfNeeded();
      await expect(page.getByRole("tablist", { name: "an Anthropic message" })).toBeVisible();
      await page.screenshot({ path: "test-results/api-docs-tools.png", fullPage: true });
    });

    test("errors come in OpenAI's shape: bad key 401, missing scope 403, unknown model 404, bad input 400", async ({
      baseURL,
    }) => {
      const bad = new OpenAI({ apiKey: "prism_not-a-real-key", baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
      await expect(bad.models.list()).rejects.toBeInstanceOf(AuthenticationError);
      const limited = new OpenAI({ apiKey: modelsOnlyKey, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
      await expect(
        limited.chat.completions.create({
          model: "openai-compatible/mock-fast",
          messages: [{ role: "user", content: "x" }],
        }),
      ).rejects.toBeInstanceOf(PermissionDeniedError);
      const client = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
      await expect(
        client.chat.completions.create({ model: "nope/nothing", messages: [{ role: "user", content: "x" }] }),
      ).rejects.toMatchObject({
        status: 404,
        code: "model_not_found",
      });
      const res = await fetch(`${baseURL}/api/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "openai-compatible/mock-fast", messages: "hello" }),
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({ type: "invalid_request_error", param: "messages" });
    });

    test("a revoked key stops working at once", async ({ page, baseURL }) => {
      await signInAdmin(page, ADMIN);
      await page.goto("/settings/api-keys");
      page.once("dialog", (d) => d.accept());
      await page.getByRole("button", { name: `Revoke key client ${run}` }).click();
      await expect(page.getByTestId("api-key-row").filter({ hasText: `client ${run}` })).toContainText(
        "Revoked",
      );
      const client = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
      await expect(client.models.list()).rejects.toBeInstanceOf(AuthenticationError);
    });
  });
