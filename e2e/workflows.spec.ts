import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { ADMIN, addCustomModel } from "./chat-helpers";
import { register, signIn } from "./helpers";
import { addIntegration, cardOf, screenshot, signInAdmin, statusOf } from "./integration-helpers";
import { MOCK_LLM_URL } from "./ports";

/**
 * Workflows in the browser: build model → transform → condition → http on the canvas (the http
 * step calls a loopback echo server this spec starts, allowlisted by the admin), run it from the
 * form and read every step's output; break the http step, fix it and resume the failed run on the
 * fixed version; fire a Standard Webhooks-signed request; preview and save a schedule; list
 * actions; the phone's read-only view; screenshots in light and dark.
 */
const run = Date.now().toString(36);
const USER = { name: "Wanda Workflow", email: `wanda-${run}@prism.test` };
const INTEGRATION = `Workflow mock ${run}`;
const MODEL = { id: `wf-mock-${run}`, name: `WF Mock ${run}` };
const MODEL_REF = `openai-compatible/${MODEL.id}`;
const WORKFLOW = `Route summaries ${run}`;

let echo: Server;
let echoPort = 0;
const echoed: unknown[] = [];
let workflowUrl = "";
let failedRunUrl = "";

test.beforeAll(async () => {
  echo = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
    });
    req.on("end", () => {
      if (req.url?.startsWith("/fail")) {
        res.writeHead(500, { "content-type": "text/plain" }).end("echo says no");
        return;
      }
      let parsed: unknown = body;
      try {
        parsed = JSON.parse(body);
      } catch {}
      echoed.push(parsed);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ echoed: parsed, path: req.url }));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoPort = (echo.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

const asUser = async (page: Page) => {
  await signIn(page, USER.email);
  await expect(page).toHaveURL(/\/chat$/);
};

const panel = (page: Page) => page.getByRole("form", { name: "Step settings" });
const node = (page: Page, id: string) => page.getByTestId(`step-node-${id}`);

async function openStep(page: Page, id: string) {
  await node(page, id).click();
  await expect(panel(page).getByLabel("Step id", { exact: true })).toHaveValue(id);
}

async function saveVersion(page: Page, changelog: string, version: number) {
  await page.getByLabel("Changelog").fill(changelog);
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page.getByText(`Saved version ${version}`)).toBeVisible();
  await expect(page.getByTestId("editor-state")).not.toContainText("unsaved");
}

async function runFromForm(page: Page, text: string) {
  await page.goto(`${workflowUrl}/triggers`);
  const form = page.getByRole("form", { name: "Run workflow" });
  await form.getByLabel("text").fill(text);
  await form.getByRole("button", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/workflows\/runs\/[0-9a-f-]{36}$/);
}

async function adminSetup(page: Page, browser: Browser) {
  await signInAdmin(page, ADMIN);
  const context = await browser.newContext();
  const p = await context.newPage();
  await register(p, USER.name, USER.email);
  await expect(p).toHaveURL(/\/chat$/);
  await context.close();
  await page.goto("/admin/integrations");
  await addIntegration(page, {
    provider: "OpenAI-compatible",
    name: INTEGRATION,
    apiKey: "sk-test-workflows",
    baseUrl: `${MOCK_LLM_URL}/v1`,
  });
  await cardOf(page, INTEGRATION).getByRole("button", { name: "Test connection" }).click();
  await expect(statusOf(page, INTEGRATION)).toHaveText("Connected");
  await page.goto("/admin/models");
  await addCustomModel(page, INTEGRATION, MODEL);
  // The http step may call the echo server on loopback only once an admin allowlists it.
  await page.goto("/admin/settings");
  const hosts = page.getByLabel("Allowed hosts");
  const before = (await hosts.inputValue()).trim();
  await hosts.fill([before, `127.0.0.1:${echoPort}`].filter(Boolean).join("\n"));
  await page.getByRole("button", { name: "Save allowlist" }).click();
  await expect(page.getByText(/Outbound allowlist saved/)).toBeVisible();
}

test.describe
  .serial("workflows", () => {
    test("setup: a shared mock model, a user, and the echo server on the outbound allowlist", async ({
      page,
      browser,
    }) => {
      test.setTimeout(120_000);
      await adminSetup(page, browser);
    });

    test("build model → transform → condition → http on the canvas and save it", async ({ page }) => {
      test.setTimeout(90_000);
      await asUser(page);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workflows" }).click();
      await expect(page.getByText("No workflows yet")).toBeVisible();
      await expect(page.getByRole("button", { name: "Create the example workflow" })).toBeVisible();

      await page.getByRole("button", { name: "New workflow" }).click();
      await page.getByRole("form", { name: "New workflow" }).getByLabel("Name").fill(WORKFLOW);
      await page.getByRole("button", { name: "Create workflow" }).click();
      await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
      workflowUrl = new URL(page.url()).pathname;
      await expect(page.getByRole("heading", { level: 1 })).toContainText(WORKFLOW);

      // Replace the one-step starter.
      await openStep(page, "transform");
      await panel(page).getByRole("button", { name: "Delete step" }).click();
      await expect(node(page, "transform")).toHaveCount(0);

      await page.getByRole("button", { name: "Add Model step" }).click();
      await expect(panel(page).getByLabel("Step id", { exact: true })).toHaveValue("model_1");
      await panel(page).getByLabel("Model", { exact: true }).selectOption(MODEL_REF);
      await panel(page).getByLabel("Prompt", { exact: true }).fill("{{input.text}}");

      // Each new step follows the selected one.
      await page.getByRole("button", { name: "Add Transform step" }).click();
      await expect(panel(page).getByLabel("Step id", { exact: true })).toHaveValue("transform_1");
      // A reference to a step that does not exist is marked on the node and in the panel.
      await panel(page).getByLabel("Source", { exact: true }).fill("Summary: {{steps.nope.output}}");
      await expect(node(page, "transform_1").getByTestId("step-issues")).toBeVisible();
      await expect(panel(page).getByRole("alert")).toContainText("nope");
      await panel(page).getByLabel("Source", { exact: true }).fill("Summary: {{steps.model_1.output}}");
      await expect(node(page, "transform_1").getByTestId("step-issues")).toHaveCount(0);

      await page.getByRole("button", { name: "Add Condition step" }).click();
      await expect(panel(page).getByLabel("Step id", { exact: true })).toHaveValue("condition_1");
      await panel(page).getByLabel("Value tested", { exact: true }).fill("{{steps.transform_1.output}}");
      await panel(page).getByLabel("Operator", { exact: true }).selectOption("contains");
      await panel(page).getByLabel("Compared with (optional)", { exact: true }).fill("Mock reply");

      await page.getByRole("button", { name: "Add HTTP request step" }).click();
      await expect(panel(page).getByLabel("Step id", { exact: true })).toHaveValue("http_1");
      await panel(page).getByLabel("URL", { exact: true }).fill(`http://127.0.0.1:${echoPort}/echo`);
      await panel(page)
        .getByLabel("Body (optional)", { exact: true })
        .fill('{"summary": "{{steps.transform_1.output}}"}');

      // The condition's true handle was wired automatically; unwire it and connect it by dragging.
      await openStep(page, "condition_1");
      await expect(panel(page).getByRole("list", { name: "Next steps" })).toContainText("http_1 when true");
      await panel(page).getByRole("button", { name: "Disconnect http_1 (true)" }).click();
      await expect(node(page, "http_1").getByTestId("step-issues")).toBeVisible();
      await page.getByRole("button", { name: "Auto-layout" }).click();
      await page.waitForTimeout(400);
      const from = node(page, "condition_1").locator('.react-flow__handle[data-handleid="true"]');
      const to = node(page, "http_1").locator(".react-flow__handle.target");
      // The mouse only reaches what is inside the viewport: bring the lower handle into it first.
      await from.scrollIntoViewIfNeeded();
      await to.scrollIntoViewIfNeeded();
      const a = await from.boundingBox();
      const b = await to.boundingBox();
      if (!a || !b) throw new Error("handles not on screen");
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
      await page.mouse.up();
      await expect(node(page, "http_1").getByTestId("step-issues")).toHaveCount(0);
      await openStep(page, "condition_1");
      await expect(panel(page).getByRole("list", { name: "Next steps" })).toContainText("http_1 when true");
      await expect(page.getByTestId("editor-state")).not.toContainText("problem");

      await saveVersion(page, "Model, transform, condition and http", 2);

      // The JSON view round-trips: back on the canvas nothing changed.
      await page.getByRole("tab", { name: "JSON" }).click();
      const json = page.getByLabel("Workflow JSON");
      await expect(json).toHaveValue(/"http_1"/);
      expect(JSON.parse(await json.inputValue()).edges).toContainEqual({
        from: "condition_1",
        to: "http_1",
        branch: "true",
      });
      await page.getByRole("tab", { name: "Canvas" }).click();
      await expect(node(page, "http_1")).toBeVisible();
      await expect(page.getByTestId("editor-state")).not.toContainText("unsaved");
    });

    test("run it from the form, watch progress and read each step's output", async ({ page }, info) => {
      test.setTimeout(90_000);
      await asUser(page);
      await runFromForm(page, "Hello workflow");
      await expect(page.getByRole("progressbar", { name: "Steps completed" })).toBeVisible();
      await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 30_000 });
      await expect(page.getByTestId("run-progress")).toHaveText("4 / 4 steps");
      for (const id of ["model_1", "transform_1", "condition_1", "http_1"])
        await expect(node(page, id)).toHaveAttribute("data-status", "success");

      await node(page, "model_1").click();
      await expect(page.getByLabel("Output of model_1")).toContainText("Mock reply to: Hello workflow");
      await node(page, "transform_1").click();
      await expect(page.getByLabel("Output of transform_1")).toContainText(
        "Summary: Mock reply to: Hello workflow",
      );
      await node(page, "condition_1").click();
      await expect(page.getByLabel("Output of condition_1")).toContainText("true");
      await node(page, "http_1").click();
      await expect(page.getByLabel("Output of http_1")).toContainText('"path": "/echo"');
      await expect(page.getByLabel("Output of http_1")).toContainText(
        "Summary: Mock reply to: Hello workflow",
      );
      expect(echoed).toContainEqual({ summary: "Summary: Mock reply to: Hello workflow" });
      await screenshot(page, info, "run-detail-desktop");

      await page.goto(`${workflowUrl}/runs`);
      await expect(page.getByTestId("run-row")).toHaveCount(1);
      await page.getByLabel("Status").selectOption("failed");
      await page.getByRole("button", { name: "Filter" }).click();
      await expect(page.getByText("No runs match")).toBeVisible();
    });

    test("break the http step, fix it, and resume the failed run from that step", async ({ page }) => {
      test.setTimeout(120_000);
      await asUser(page);
      await page.goto(workflowUrl);
      await openStep(page, "http_1");
      await panel(page).getByLabel("URL", { exact: true }).fill(`http://127.0.0.1:${echoPort}/fail`);
      await saveVersion(page, "Point http at /fail", 3);

      await runFromForm(page, "Break me");
      failedRunUrl = new URL(page.url()).pathname;
      await expect(page.getByTestId("run-status")).toHaveText("Failed", { timeout: 30_000 });
      await expect(node(page, "http_1")).toHaveAttribute("data-status", "failed");
      await expect(page.getByTestId("step-error").first()).toContainText("answered 500");
      await expect(page.getByRole("button", { name: "Resume from failed step" })).toBeVisible();

      await page.goto(workflowUrl);
      await openStep(page, "http_1");
      await panel(page).getByLabel("URL", { exact: true }).fill(`http://127.0.0.1:${echoPort}/echo`);
      await saveVersion(page, "Fix the URL", 4);

      await page.goto(failedRunUrl);
      await page.getByRole("button", { name: "Resume on current version" }).click();
      await expect(page.getByText("Resumed on the current version")).toBeVisible();
      await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 30_000 });
      await node(page, "http_1").click();
      // Two attempt rows for http_1: the failure, then the resumed success; earlier steps were not re-run.
      await expect(page.getByTestId("timeline-http_1")).toHaveCount(2);
      await expect(page.getByTestId("timeline-http_1").last()).toContainText("Succeeded");
      await node(page, "model_1").click();
      await expect(page.getByTestId("timeline-model_1")).toHaveCount(1);
      expect(echoed).toContainEqual({ summary: "Summary: Mock reply to: Break me" });
    });

    test("a webhook trigger fires on a correctly signed request only", async ({ page, baseURL }) => {
      test.setTimeout(90_000);
      await asUser(page);
      await page.goto(`${workflowUrl}/triggers`);
      const webhook = page.getByRole("region", { name: "Webhook" });
      await webhook.getByRole("switch", { name: "Webhook trigger on" }).check();
      await expect(page.getByText("Webhook turned on")).toBeVisible();
      const url = await webhook.getByRole("textbox", { name: "Webhook URL" }).inputValue();
      expect(url).toMatch(/\/api\/hooks\/workflows\/[0-9a-f-]{36}$/);
      await webhook.getByRole("button", { name: "Reveal the secret" }).click();
      await expect(webhook.getByRole("textbox", { name: "Signing secret" })).toHaveValue(
        /^whsec_[A-Za-z0-9+/=]{20,}$/,
      );
      const secret = await webhook.getByRole("textbox", { name: "Signing secret" }).inputValue();

      const hookUrl = new URL(new URL(url).pathname, baseURL).toString();
      const body = JSON.stringify({ text: "From a webhook" });
      const id = `msg_${run}`;
      const ts = Math.floor(Date.now() / 1000).toString();
      const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
      const sig = createHmac("sha256", key).update(`${id}.${ts}.${body}`).digest("base64");
      const headers = { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": ts };

      const forged = await fetch(hookUrl, {
        method: "POST",
        headers: { ...headers, "webhook-signature": `v1,${Buffer.from("nope").toString("base64")}` },
        body,
      });
      expect(forged.status).toBe(401);

      const res = await fetch(hookUrl, {
        method: "POST",
        headers: { ...headers, "webhook-signature": `v1,${sig}` },
        body,
      });
      expect(res.status).toBe(202);
      const accepted = (await res.json()) as { run_id: string };
      await page.goto(`/workflows/runs/${accepted.run_id}`);
      await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 30_000 });
      await node(page, "model_1").click();
      await expect(page.getByLabel("Output of model_1")).toContainText("Mock reply to: From a webhook");

      await page.goto(`${workflowUrl}/runs?trigger=webhook`);
      await expect(page.getByTestId("run-row")).toHaveCount(1);
    });

    test("a schedule previews its next five fire times and saves once the input has a default", async ({
      page,
    }) => {
      test.setTimeout(90_000);
      await asUser(page);
      await page.goto(`${workflowUrl}/triggers`);
      const schedule = page.getByRole("form", { name: "Schedule" });
      await schedule.getByLabel("Cron expression").fill("61 * * * *");
      await expect(schedule.getByRole("alert")).toBeVisible();
      await expect(schedule.getByRole("button", { name: "Save schedule" })).toBeDisabled();
      await schedule.getByLabel("Cron expression").fill("30 9 * * 1-5");
      await schedule.getByLabel("Time zone").fill("Europe/Berlin");
      const times = schedule.getByRole("list", { name: "Next fire times" }).getByRole("listitem");
      await expect(times).toHaveCount(5);
      await expect(times.first()).toContainText("09:30");
      // A scheduled run has no input: the required `text` needs a default first.
      await schedule.getByRole("button", { name: "Save schedule" }).click();
      await expect(schedule.getByRole("alert")).toContainText("give text a default");

      await page.goto(workflowUrl);
      await page.getByLabel("Input field 1 default").fill("Scheduled hello");
      await saveVersion(page, "Default input", 5);
      await page.goto(`${workflowUrl}/triggers`);
      await schedule.getByLabel("Cron expression").fill("30 9 * * 1-5");
      await schedule.getByLabel("Time zone").fill("Europe/Berlin");
      await schedule.getByRole("button", { name: "Save schedule" }).click();
      await expect(page.getByText("Schedule saved")).toBeVisible();

      await page.goto("/workflows");
      const card = page.getByRole("article", { name: WORKFLOW });
      await expect(card.getByText("Schedule", { exact: true })).toBeVisible();
      await expect(card.getByText("Webhook", { exact: true })).toBeVisible();
      // The next scheduled run, in the user's own time zone.
      await expect(card.getByText(/\d{2}:\d{2}/)).toBeVisible();
    });

    test("list actions: pause, resume, duplicate, archive; versions diff and restore", async ({ page }) => {
      await asUser(page);
      await page.goto("/workflows");
      const card = page.getByRole("article", { name: WORKFLOW });
      await card.getByRole("button", { name: `Pause ${WORKFLOW}` }).click();
      await expect(page.getByText(`${WORKFLOW} paused`)).toBeVisible();
      await expect(card.getByTestId("workflow-status")).toHaveText("Paused");
      await card.getByRole("button", { name: `Resume ${WORKFLOW}` }).click();
      await expect(card.getByTestId("workflow-status")).toHaveText("Active");
      await card.getByRole("button", { name: `Duplicate ${WORKFLOW}` }).click();
      const copy = page.getByRole("article", { name: `${WORKFLOW} (copy)` });
      await expect(copy).toBeVisible();
      await copy.getByRole("button", { name: `Archive ${WORKFLOW} (copy)` }).click();
      await expect(copy).toHaveCount(0);

      await page.goto(`${workflowUrl}/versions`);
      await expect(page.getByRole("list", { name: "Version history" }).getByRole("listitem")).toHaveCount(5);
      await page.getByLabel("Compare").selectOption("2");
      await page.getByLabel("with").selectOption("3");
      await expect(page.getByRole("region", { name: "Differences" })).toContainText("/fail");
      await page.getByRole("button", { name: "Restore version 4" }).click();
      await expect(page.getByText("Version 4 restored as version 6")).toBeVisible();
    });

    test("screens: desktop and phone, light and dark; the phone's editor is read-only", async ({
      browser,
    }, info) => {
      test.setTimeout(120_000);
      for (const theme of ["light", "dark"] as const) {
        for (const size of [
          { name: "desktop", width: 1400, height: 900 },
          { name: "phone", width: 390, height: 844 },
        ]) {
          const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
          const page = await context.newPage();
          await asUser(page);
          await context.addCookies([{ name: "prism-theme", value: theme, url: page.url() }]);
          await page.goto(workflowUrl);
          await expect(node(page, "http_1")).toBeVisible();
          if (size.name === "phone") {
            await expect(page.getByText("Read-only on a small screen")).toBeVisible();
            await expect(page.getByRole("toolbar", { name: "Add a step" })).toHaveCount(0);
          }
          await screenshot(page, info, `editor-${size.name}-${theme}`, false);
          await page.goto("/workflows");
          await screenshot(page, info, `list-${size.name}-${theme}`, false);
          await page.goto(`${workflowUrl}/triggers`);
          await screenshot(page, info, `triggers-${size.name}-${theme}`);
          await page.goto(failedRunUrl);
          await expect(page.getByTestId("run-status")).toHaveText("Succeeded");
          await screenshot(page, info, `run-${size.name}-${theme}`);
          await context.close();
        }
      }
    });
  });
