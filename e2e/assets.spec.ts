import { expect, test } from "@playwright/test";
import { signInTo } from "./chat-helpers";

/** The icons, the web manifest and the social preview exist, are declared, and no page logs a 404 for them. */
const ASSETS: [string, RegExp][] = [
  ["/favicon.ico", /image\/(x-icon|vnd\.microsoft\.icon)/],
  ["/icon.svg", /image\/svg\+xml/],
  ["/apple-touch-icon.png", /image\/png/],
  ["/icon-192.png", /image\/png/],
  ["/icon-512.png", /image\/png/],
  ["/og-image.png", /image\/png/],
  ["/manifest.webmanifest", /application\/manifest\+json/],
];

test("every icon, the manifest and the social preview answer 200 with the right type", async ({
  request,
}) => {
  for (const [path, type] of ASSETS) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toMatch(type);
  }
  const manifest = await (await request.get("/manifest.webmanifest")).json();
  expect(manifest).toMatchObject({ name: "Prism", start_url: "/chat", display: "standalone" });
  for (const icon of manifest.icons as { src: string }[])
    expect((await request.get(icon.src)).status(), icon.src).toBe(200);
});

test("pages declare the icons, manifest and preview, and navigating them logs no 404", async ({ page }) => {
  const missing: string[] = [];
  page.on("response", (res) => {
    if (res.status() === 404) missing.push(res.url());
  });
  page.on("console", (msg) => {
    if (msg.type() === "error" && /404/.test(msg.text())) missing.push(msg.text());
  });
  await page.goto("/login");
  const head = page.locator("head");
  for (const selector of [
    'link[rel="icon"][href^="/icon.svg"]',
    'link[rel="icon"][href^="/favicon.ico"]',
    'link[rel="apple-touch-icon"][href^="/apple-touch-icon.png"]',
    'link[rel="manifest"][href^="/manifest.webmanifest"]',
    'meta[property="og:image"]',
    'meta[name="twitter:image"]',
  ])
    await expect(head.locator(selector), selector).toHaveCount(1);
  const og = await head.locator('meta[property="og:image"]').getAttribute("content");
  expect((await page.request.get(new URL(og ?? "", page.url()).pathname)).status()).toBe(200);

  await page.goto("/register");
  await signInTo(page, { name: "Ada Admin", email: "ada@prism.test" });
  for (const path of [
    "/chat",
    "/usage",
    "/wallet",
    "/settings/integrations",
    "/welcome",
    "/admin/settings",
    "/admin/plans",
  ]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  expect(missing).toEqual([]);
});
