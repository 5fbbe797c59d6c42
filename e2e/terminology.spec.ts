import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { register } from "./helpers";
import { screenshot } from "./integration-helpers";

/**
 * The dictionary in the browser: a CSV import with one bad row (preview with the row's error,
 * skip bad rows, a progress bar that completes, the entries in the list), search that forgives a
 * typo (and says it is lexical only without an embedding model), a duplicate term answered with a
 * link to the entry that has it, inline edit and bulk tag/delete, and an export that re-imports.
 * Every test signs up its own user, so each runs alone and in any order.
 */
const run = Date.now().toString(36);
let users = 0;

async function newUser(page: Page, name: string): Promise<void> {
  users += 1;
  await register(page, name, `terms-${run}-${users}@prism.test`);
  await expect(page).toHaveURL(/\/chat$/);
}

const CSV = [
  "term,definition,context,variants,tags",
  "Kubernetes,Container orchestration system,technical,K8s|kube,infra|ops",
  '"Churn","Customers lost in a period, as a share",business,,metrics',
  "Latency,Time until the first byte arrives,astral,,", // row 4: unknown context
  "Throughput,Requests handled per second,technical,,infra",
].join("\n");

const row = (page: Page, term: string) => page.getByRole("listitem", { name: term, exact: true });

async function chooseFile(page: Page, name: string, content: string | Buffer) {
  await page.getByLabel(/^File \(CSV or JSON/).setInputFiles({
    name,
    mimeType: name.endsWith(".json") ? "application/json" : "text/csv",
    buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8"),
  });
}

async function addEntry(page: Page, term: string, definition: string) {
  await page.getByRole("button", { name: "New entry" }).click();
  const form = page.getByRole("form", { name: "New entry" });
  await form.getByLabel("Term", { exact: true }).fill(term);
  await form.getByLabel("Definition").fill(definition);
  await form.getByRole("button", { name: "Add entry" }).click();
  return form;
}

test.describe("terminology", () => {
  test("a CSV with a bad row: preview reports it, skip bad rows imports the rest with progress", async ({
    page,
  }, info) => {
    await newUser(page, "Ida Import");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Terminology" }).click();
    await expect(page.getByText("Your dictionary is empty — add a term or import a CSV")).toBeVisible();
    await page.getByRole("link", { name: "Import a CSV" }).click();
    await expect(page).toHaveURL(/\/terminology\/import$/);

    await chooseFile(page, "glossary.csv", CSV);
    const preview = page.getByRole("region", { name: "Preview of glossary.csv" });
    await expect(preview.getByTestId("count-create")).toHaveText("3");
    await expect(preview.getByTestId("count-update")).toHaveText("0");
    await expect(preview.getByTestId("count-reject")).toHaveText("1");
    const errors = preview.getByRole("table", { name: "Rows with errors" });
    const bad = errors.getByRole("row").nth(1);
    await expect(bad.getByRole("cell").nth(0)).toHaveText("4");
    await expect(bad.getByRole("cell").nth(1)).toHaveText("context");
    await expect(bad.getByRole("cell").nth(2)).toContainText("context must be one of");
    await screenshot(page, info, "terminology-import-preview");

    await preview.getByLabel("Skip bad rows").check();
    await preview.getByRole("button", { name: "Import 3 rows" }).click();
    const bar = preview.getByRole("progressbar", { name: "Import complete" });
    await expect(bar).toHaveAttribute("aria-valuenow", "3");
    await expect(bar).toHaveAttribute("aria-valuemax", "3");
    await expect(preview.getByRole("status").filter({ hasText: "Imported 3 new" })).toContainText(
      "1 bad row was skipped",
    );

    await preview.getByRole("link", { name: "Open your dictionary" }).click();
    const list = page.getByRole("list", { name: "Dictionary entries" });
    await expect(list.getByRole("listitem")).toHaveCount(3);
    for (const term of ["Churn", "Kubernetes", "Throughput"]) await expect(row(page, term)).toBeVisible();
    await expect(row(page, "Churn")).toContainText("Customers lost in a period, as a share");
    await expect(page.getByRole("listitem", { name: "Latency" })).toHaveCount(0);
    // Filters: a tag from the file, and the context.
    await page.getByLabel("Tag", { exact: true }).selectOption("infra");
    await expect(list.getByRole("listitem")).toHaveCount(2);
    await page.getByLabel("Context", { exact: true }).selectOption("business");
    await expect(page.getByText("No entries match these filters")).toBeVisible();
  });

  test("a typo still finds the entry; without an embedding model the search says it is lexical only", async ({
    page,
  }, info) => {
    await newUser(page, "Tom Typo");
    await page.goto("/terminology");
    await addEntry(page, "Terminology", "The vocabulary of a field, with its agreed meanings");
    await expect(page.getByText("“Terminology” added to your dictionary")).toBeVisible();
    await addEntry(page, "Glossary", "An alphabetical list of words with their definitions");
    await expect(page.getByText("“Glossary” added to your dictionary")).toBeVisible();

    await page.getByLabel("Search your dictionary").fill("terminolgy");
    const list = page.getByRole("list", { name: "Dictionary entries" });
    await expect(list.getByRole("listitem")).toHaveCount(1);
    await expect(row(page, "Terminology").getByTestId("matched-by")).toContainText("typo");
    await expect(page.getByTestId("lexical-only")).toContainText("Search is lexical only");
    await expect(page.getByRole("link", { name: "Choose an embedding model" })).toHaveAttribute(
      "href",
      "/settings/terminology",
    );
    await screenshot(page, info, "terminology-search-typo");

    await page.getByLabel("Search your dictionary").fill("zzzqqq");
    await expect(page.getByText("Nothing matches “zzzqqq”")).toBeVisible();
  });

  test("a duplicate term is refused with a link to the entry that has it", async ({ page }) => {
    await newUser(page, "Dora Duplicate");
    await page.goto("/terminology");
    await addEntry(page, "Kubernetes", "Container orchestration");
    await expect(page.getByText("“Kubernetes” added to your dictionary")).toBeVisible();

    const form = await addEntry(page, "kubernetes", "Same term, other case");
    await expect(form.getByRole("alert").filter({ hasText: "already in your dictionary" })).toBeVisible();
    await expect(form.getByLabel("Term", { exact: true })).toHaveAttribute("aria-invalid", "true");
    const link = form.getByRole("link", { name: "Open the existing entry" });
    await expect(link).toHaveAttribute("href", /^\/terminology\/[0-9a-f-]{36}$/);
    await link.click();
    await expect(page.getByRole("heading", { level: 1, name: "Kubernetes" })).toBeVisible();
    await expect(page.getByTestId("embedding-status")).toContainText("Off");
  });

  test("inline edit, bulk tag and bulk delete after a confirmation", async ({ page }) => {
    await newUser(page, "Eli Edit");
    await page.goto("/terminology/import");
    await chooseFile(page, "three.csv", "term,definition\nAlpha,First\nBeta,Second\nGamma,Third\n");
    await page.getByRole("button", { name: "Import 3 rows" }).click();
    await expect(page.getByRole("progressbar", { name: "Import complete" })).toHaveAttribute(
      "aria-valuenow",
      "3",
    );
    await page.goto("/terminology");

    await row(page, "Alpha").getByRole("button", { name: "Edit Alpha" }).click();
    const edit = page.getByRole("form", { name: "Edit Alpha" });
    await edit.getByLabel("Definition").fill("The first letter");
    await edit.getByLabel("Context").selectOption("technical");
    await edit.getByLabel("Tags").fill("greek");
    await edit.getByLabel("Tags").press("Enter");
    await edit.getByLabel("Public").check();
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("“Alpha” saved")).toBeVisible();
    await expect(row(page, "Alpha")).toContainText("The first letter");
    await expect(row(page, "Alpha")).toContainText("Public");
    await expect(row(page, "Alpha")).toContainText("#greek");

    await page.getByLabel("Select Beta").check();
    await page.getByLabel("Select Gamma").check();
    const bar = page.getByRole("region", { name: "Selected entries" });
    await expect(bar).toContainText("2 entries selected");
    await bar.getByRole("button", { name: "Tag…" }).click();
    const tagForm = page.getByRole("form", { name: "Tag selected entries" });
    await tagForm.getByLabel("Add tags").fill("letters,");
    await tagForm.getByRole("button", { name: "Apply tags" }).click();
    await expect(page.getByText("Tags changed on 2 entries")).toBeVisible();
    await expect(row(page, "Beta")).toContainText("#letters");

    await page.getByLabel("Select Beta").check();
    await page.getByLabel("Select Gamma").check();
    await bar.getByRole("button", { name: "Delete…" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete 2 entries?" });
    await confirm.getByRole("button", { name: "Keep them" }).click();
    await expect(row(page, "Beta")).toBeVisible();
    await bar.getByRole("button", { name: "Delete…" }).click();
    await confirm.getByRole("button", { name: "Delete 2 entries" }).click();
    await expect(page.getByText("Deleted 2 entries")).toBeVisible();
    await expect(page.getByRole("list", { name: "Dictionary entries" }).getByRole("listitem")).toHaveCount(1);
  });

  test("export CSV downloads the dictionary, and the file imports back as updates", async ({ page }) => {
    await newUser(page, "Ezra Export");
    await page.goto("/terminology/import");
    await chooseFile(page, "in.csv", CSV);
    await page.getByRole("button", { name: "Import 3 rows" }).click();
    await expect(page.getByRole("progressbar", { name: "Import complete" })).toHaveAttribute(
      "aria-valuenow",
      "3",
    );
    await page.goto("/terminology");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^prism-terminology-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await download.path()) as string, "utf8");
    expect(text.split(/\r?\n/)[0]).toContain("term,definition,context");
    expect(text).toContain("Kubernetes");
    expect(text).toContain("K8s|kube");

    await page.goto("/terminology/import");
    await chooseFile(page, download.suggestedFilename(), await readFile((await download.path()) as string));
    await expect(page.getByTestId("count-create")).toHaveText("0");
    await expect(page.getByTestId("count-update")).toHaveText("3");
    await expect(page.getByTestId("count-reject")).toHaveText("0");
  });

  test("file-level problems are reported at the file input", async ({ page }) => {
    await newUser(page, "Fay File");
    await page.goto("/terminology/import");
    await chooseFile(page, "latin1.csv", Buffer.from([0x74, 0x65, 0x72, 0x6d, 0x2c, 0xe9, 0x0a]));
    await expect(page.locator("#import-file-error")).toContainText("not UTF-8");
    await expect(page.getByLabel(/^File \(CSV or JSON/)).toHaveAttribute("aria-invalid", "true");
    // The route answers bad requests with a 4xx naming the field, never a 500.
    const noFile = await page.request.post("/api/terminology/import?mode=preview", {
      multipart: { other: "x" },
    });
    expect(noFile.status()).toBe(422);
    expect((await noFile.json()).error.field).toBe("file");
    const badMode = await page.request.post("/api/terminology/import?mode=maybe", {
      multipart: { file: { name: "a.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n") } },
    });
    expect(badMode.status()).toBe(422);
    expect((await badMode.json()).error.message).toContain("mode");
  });
});
