import { expect, test } from "@playwright/test";
import { ADMIN, signInTo } from "./chat-helpers";
import { METRICS_TOKEN } from "./ports";

/** Pages carry a nonce-based Content-Security-Policy that every script obeys; HSTS only over HTTPS. */

function nonceOf(policy: string | undefined): string {
  const match = /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? "");
  if (!match?.[1]) throw new Error(`no script nonce in ${policy}`);
  return match[1];
}

test("every page's scripts carry the request's nonce, and each request gets a new one", async ({
  request,
}) => {
  const first = await request.get("/login");
  const policy = first.headers()["content-security-policy"];
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("'unsafe-inline' 'nonce"); // scripts: no blanket inline permission
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  const nonce = nonceOf(policy);
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
  const second = await request.get("/login");
  expect(nonceOf(second.headers()["content-security-policy"])).not.toBe(nonce);
});

test("HSTS is sent when the page was reached over HTTPS through a proxy, not over plain HTTP", async ({
  request,
}) => {
  const plain = await request.get("/login");
  expect(plain.headers()["strict-transport-security"]).toBeUndefined();
  const viaTls = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(viaTls.headers()["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
});

test("a signed-in journey through the app's pages violates the policy nowhere", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(msg.text()))
      violations.push(msg.text());
  });
  page.on("pageerror", (err) => violations.push(`pageerror: ${err.message}`));
  await page.goto("/login");
  await signInTo(page, ADMIN);
  for (const path of [
    "/chat",
    "/usage",
    "/workflows",
    "/terminology",
    "/insights",
    "/marketplace",
    "/settings",
  ]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    // Hydrated: client code ran, so the bootstrap scripts were allowed.
    await expect(page.locator("body")).not.toBeEmpty();
  }
  expect(violations).toEqual([]);
});

test("liveness, readiness and the token-protected Prometheus endpoint", async ({ request }) => {
  expect((await request.get("/api/health/live")).status()).toBe(200);
  const ready = await request.get("/api/health/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ok", database: "ok", draining: false });

  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect(
    (
      await request.get("/api/metrics", { headers: { authorization: "Bearer not-the-token-at-all" } })
    ).status(),
  ).toBe(401);
  const scrape = await request.get("/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(scrape.status()).toBe(200);
  expect(scrape.headers()["content-type"]).toContain("text/plain; version=0.0.4");
  const text = await scrape.text();
  // The requests this spec made are counted, by route and status.
  expect(text).toMatch(
    /prism_http_requests_total\{method="GET",route="\/api\/health\/ready",status="200"\} \d+/,
  );
  expect(text).toContain("# TYPE prism_http_request_duration_seconds histogram");
  expect(text).toContain("# TYPE prism_queue_jobs gauge");
  expect(text).toContain("# TYPE prism_workflow_runs_completed_24h gauge");
});
