import { createServer, type Server } from "node:http";
import { expect, type Page, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import {
  answerOf,
  chooseModels,
  type MockModel,
  send,
  settled,
  setupChat,
  shot,
  signInTo,
} from "./chat-helpers";

/**
 * Agents and outbound sync (issue #16): a user registers an agent pointing at a loopback receiver
 * this spec starts (an admin allowlists its host), @-mentions it in chat and sees its answer, also
 * after a reload; then adds a sync target to the same receiver, presses "Sync now" and sees the
 * deliveries succeed in the log. The receiver checks every Standard Webhooks signature and answers
 * 401 when one does not verify, so a success in the UI means the signature verified.
 */
const run = Date.now().toString(36);
const USER = { name: "Aggie Agents", email: `aggie-${run}@prism.test` };
const INTEGRATION = `Agents mock ${run}`;
const MODEL: MockModel = { id: "mock-agentless@ttft=50,reply=from%20a%20model", name: `Mock Plain ${run}` };
const PORT = Number(process.env.E2E_PORT ?? 3100) + 2;
const HOST = `127.0.0.1:${PORT}`;
const AGENT_SECRET = `whsec_${Buffer.from(`agent secret for the e2e run ${run}`).toString("base64")}`;

let receiver: Server;
let syncSecret = "";
const got: { path: string; body: Record<string, unknown>; auth: string | undefined }[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const secret = req.url?.startsWith("/agent") ? AGENT_SECRET : syncSecret;
      let body: Record<string, unknown>;
      try {
        body = new Webhook(secret).verify(raw, headers) as Record<string, unknown>;
      } catch {
        res.writeHead(401, { "content-type": "text/plain" }).end("bad signature");
        return;
      }
      got.push({ path: req.url ?? "", body, auth: req.headers.authorization });
      if (req.url?.startsWith("/agent")) {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ output: `Support agent here: I read “${String(body.input)}”.` }));
      } else res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
    });
  });
  await new Promise<void>((r) => receiver.listen(PORT, "127.0.0.1", r));
});
test.afterAll(async () => {
  await new Promise((r) => receiver.close(r));
});

const asUser = (page: Page) => signInTo(page, USER);

test.describe
  .serial("agents and sync", () => {
    test("setup: a model, a user, and the receiver's host on the outbound allowlist", async ({
      page,
      browser,
    }) => {
      test.setTimeout(120_000);
      await setupChat(page, browser, { integration: INTEGRATION, models: [MODEL], users: [USER] });
      // setupChat leaves the admin signed in.
      await page.goto("/admin/settings");
      const hosts = page.getByLabel("Allowed hosts");
      const current = (await hosts.inputValue()).split(/\s+/).filter(Boolean);
      const next = [...new Set([...current, HOST])];
      await hosts.fill(next.join("\n"));
      await page.getByRole("button", { name: "Save allowlist" }).click();
      await expect(page.getByText(/Outbound allowlist saved/)).toBeVisible();
    });

    test("register an agent, test it, and @-mention it in chat", async ({ page }, info) => {
      await asUser(page);
      await page.goto("/settings/agents");
      await expect(page.getByText("No agents yet")).toBeVisible();
      const form = page.getByRole("form", { name: "Register an agent" });
      await form.getByLabel("Name").fill("Support desk");
      await form.getByLabel("Handle").fill("support");
      await form.getByLabel("Webhook URL").fill(`http://${HOST}/agent`);
      await form.getByLabel("Signing secret (optional)").fill(AGENT_SECRET);
      await form.getByRole("button", { name: "Register agent" }).click();
      await expect(page.getByText("Agent registered")).toBeVisible();
      const row = page.locator('[data-testid="agent-row"][data-handle="support"]');
      await expect(row).toContainText("0 runs · 0 succeeded · last never run");

      await row.getByRole("button", { name: "Test agent Support desk" }).click();
      await expect(row.getByTestId("agent-test-result")).toContainText("Support agent here");
      await expect(row.getByTestId("agent-stats")).toContainText("1 run · 1 succeeded · last success");
      await shot(page, info, "settings-agents");

      await page.goto("/chat");
      await chooseModels(page, [MODEL.name]);
      await send(page, "@support summarise this ticket");
      const answer = answerOf(page, "Support desk");
      await expect(answer).toContainText("Support agent here: I read “summarise this ticket”.");
      await settled(page);
      await expect(answerOf(page, MODEL.name)).toHaveCount(0);
      const mention = got.find((g) => g.body.event === "chat.mention");
      expect(mention?.body).toMatchObject({ input: "summarise this ticket", agent: { handle: "support" } });
      // Saved like any answer: there after a reload.
      await page.reload();
      await expect(answerOf(page, "Support desk")).toContainText("I read “summarise this ticket”");
      await page.goto("/settings/agents");
      await expect(row.getByTestId("agent-stats")).toContainText("2 runs · 2 succeeded");
    });

    test("add a sync target, Sync now, and see the deliveries succeed", async ({ page }, info) => {
      await asUser(page);
      await page.goto("/settings/sync");
      await expect(page.getByText("No sync targets yet")).toBeVisible();
      const form = page.getByRole("form", { name: "Add a sync target" });
      await form.getByLabel("Name").fill("Omni-Bridge test");
      await form.getByLabel("Target URL").fill(`http://${HOST}/sync`);
      await form.getByLabel("API key").fill("bridge-key-e2e");
      // On change: nothing is sent until something changes or Sync now is pressed.
      await expect(form.getByLabel("When")).toHaveValue("on_change");
      await form.getByRole("button", { name: "Add target" }).click();
      syncSecret = (await page.getByTestId("sync-secret").first().textContent()) ?? "";
      expect(syncSecret).toMatch(/^whsec_/);

      const card = page.getByTestId("sync-target");
      await card.getByRole("button", { name: "Sync now" }).click();
      await expect(page.getByText("Sync queued")).toBeVisible();
      // One delivery per kind (the daily usage sweep may have added one of its own).
      const row = (status: string) => card.locator(`[data-testid="delivery-row"][data-status="${status}"]`);
      await expect
        .poll(async () => (await card.getByTestId("delivery-row").count()) >= 3, { timeout: 20_000 })
        .toBe(true);
      await expect(row("pending")).toHaveCount(0, { timeout: 30_000 });
      await expect(row("failed")).toHaveCount(0);
      expect(await row("success").count()).toBeGreaterThanOrEqual(3);
      for (const kind of ["conversations", "terminology", "usage"]) {
        await expect(row("success").filter({ hasText: kind }).first()).toBeVisible();
      }
      await expect(card.getByTestId("sync-status")).toHaveText("success");
      const conv = got.find((g) => g.path === "/sync" && g.body.kind === "conversations");
      expect(conv?.auth).toBe("Bearer bridge-key-e2e");
      expect(JSON.stringify(conv?.body.items)).toContain("summarise this ticket");
      await shot(page, info, "settings-sync");
    });
  });
