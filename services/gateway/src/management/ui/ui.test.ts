import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { providerKeys } from "@waule/db/gateway";
import { Hono } from "hono";
import { type Browser, chromium, type Page } from "playwright-core";
import { ADMIN_TOKEN, managementTestApp } from "../test-app";
import { createAdminUiApp } from "./routes";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let t: Awaited<ReturnType<typeof managementTestApp>>;
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let base: string;

beforeAll(async () => {
  t = await managementTestApp({ providers: ["doubao", "openai"] });
  const app = new Hono();
  app.route("/api", t.app);
  app.route("/admin", createAdminUiApp({ consoleUrl: "https://console.example/admin" }));
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch });
  base = `http://127.0.0.1:${server.port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}, 30_000);
afterAll(async () => {
  await browser?.close();
  server?.stop(true);
  await t?.close();
});

describe("admin pages", () => {
  test("serves the page and its modules with a strict CSP, and unknown assets 404", async () => {
    const page = await fetch(`${base}/admin`);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<meta name="api-base" content="/api">');
    expect(html).toContain('src="/admin/app.js"');
    const js = await fetch(`${base}/admin/app.js`);
    expect(js.headers.get("content-type")).toContain("javascript");
    expect((await fetch(`${base}/admin/..%2Fapp.ts`)).status).toBe(404);
  });

  test("logs in with the admin token, adds a key, disables it, and shows no secret", async () => {
    const page: Page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/admin`);
    await page.fill('#login input[name="token"]', "definitely-not-the-token");
    await page.click('#login button[type="submit"]');
    await page.waitForFunction(() => document.getElementById("login-error")?.textContent !== "");
    expect(await page.isVisible("#add-key")).toBe(false);

    await page.fill('#login input[name="token"]', ADMIN_TOKEN);
    await page.click('#login button[type="submit"]');
    await page.waitForSelector("#add-key");
    expect(await page.evaluate(() => sessionStorage.getItem("waule-gw-admin-token"))).toBe(ADMIN_TOKEN);
    // Before any key: an empty state, a link back to the console, and the provider as a select of known providers.
    expect(await page.textContent("tbody tr.empty")).toContain("暂无数据");
    expect(await page.getAttribute("#console-link", "href")).toBe("https://console.example/admin");
    expect(await page.locator('#add-key select[name="provider"] option').allTextContents()).toEqual([
      "doubao",
      "openai",
    ]);

    await page.selectOption('#add-key select[name="provider"]', "doubao");
    await page.fill('#add-key input[name="name"]', "ark main");
    await page.fill('#add-key input[name="secret"]', "sk-ui-secret-value-W9z1");
    await page.fill('#add-key input[name="weight"]', "4");
    await page.click('#add-key button[type="submit"]');
    await page.waitForSelector("text=…W9z1");
    const rows = await t.env.db.select().from(providerKeys);
    expect(rows.map((r) => [r.provider, r.name, r.weight, r.enabled])).toEqual([["doubao", "ark main", 4, true]]);

    // A key test's result stays in its row (status, when, message) after the table is drawn again.
    await page.click("tbody tr >> text=/^(测试|Test)$/");
    const result = page.locator('tbody [data-test-result="ok"]');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/测试通过|OK|ms/);
    expect(t.tested.map((x) => x.provider)).toEqual(["doubao"]);
    // …and after a reload: the gateway stored it, the page did not merely remember it.
    await page.reload();
    const kept = page.locator('tbody [data-test-result="ok"]');
    await kept.waitFor();
    expect(await kept.textContent()).toMatch(/^测试通过 · .+ · \d+ ms$/);
    expect(await page.locator('tbody [data-test-result="none"]').count()).toBe(0);

    await page.click("tbody tr >> text=/停用|Disable/");
    await page.waitForSelector("tbody .off");
    expect((await t.env.db.select().from(providerKeys))[0]!.enabled).toBe(false);
    expect(await page.content()).not.toContain("sk-ui-secret");

    await page.click('[data-tab="usage"]');
    await page.waitForSelector('input[name="from"]');
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);
});
