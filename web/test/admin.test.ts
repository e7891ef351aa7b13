// The operator console in Chromium against the real server and gateway: sign in, create a tenant (key shown once),
// recharge it, see the balance, edit a model price — each checked against the database, not the page alone.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { closeBrowserPlatform, openBrowserPlatform, type Platform } from "./stack";

const PASSWORD = "operator-password-123";

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  ({ platform, browser } = await openBrowserPlatform({ operator: { username: "ops", password: PASSWORD } }));
}, 120_000);
afterAll(() => closeBrowserPlatform(platform, browser));

const row = async (sql: string, args: (string | number)[] = []) =>
  (await platform.db.$client.execute({ sql, args })).rows[0];

describe("operator console in Chromium", () => {
  test("a wrong password shows an error; the right one opens the console", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${platform.url}/admin`);
      await page.fill('[data-testid="admin-login"] input[name="username"]', "ops");
      await page.fill('[data-testid="admin-login"] input[name="password"]', "not-the-password");
      await page.click('[data-testid="admin-login"] button[type="submit"]');
      await page.waitForSelector('[role="alert"][data-code="unauthorized"]');
      await page.fill('[data-testid="admin-login"] input[name="password"]', PASSWORD);
      await page.click('[data-testid="admin-login"] button[type="submit"]');
      await page.waitForSelector('[data-testid="admin-username"]:has-text("ops")');
      expect(await page.getAttribute('[data-testid="gateway-admin-link"]', "href")).toBe("http://localhost:9000/admin");
      expect(await page.textContent("header")).toContain("运营控制台"); // zh-CN by default
      await page.selectOption('[data-testid="language-switch"]', "en");
      await page.waitForSelector('header:has-text("Operator console")');
      await page.click('a[href="/admin/accounts"]');
      await page.waitForSelector('[data-testid="accounts-table"] td:has-text("ops")');
      expect(await page.textContent('[data-testid="accounts-table"]')).toContain("Owner");
    } finally {
      await page.close();
    }
  }, 60_000);

  test("creates a tenant, sees its key once, recharges it, sees the balance, and edits a model price", async () => {
    const page = await browser.newPage();
    page.on("dialog", (d) => void d.accept());
    try {
      await page.goto(`${platform.url}/admin`);
      await page.fill('[data-testid="admin-login"] input[name="username"]', "ops");
      await page.fill('[data-testid="admin-login"] input[name="password"]', PASSWORD);
      await page.click('[data-testid="admin-login"] button[type="submit"]');
      await page.waitForSelector('[data-testid="admin-username"]');

      await page.click('a[href="/admin/tenants"]');
      await page.fill('input[name="tenantName"]', "Harbor Films");
      await page.fill('input[name="openingCredits"]', "0");
      await page.click('[data-testid="create-tenant"] button[type="submit"]');
      const apiKey = (await page.locator('[data-testid="created-api-key"]').textContent()) ?? "";
      expect(apiKey).toMatch(/^wk_live_[A-Za-z0-9]{32}$/);
      // The key the page showed is the tenant's working key.
      const me = await fetch(`${platform.url}/api/v1/me`, { headers: { authorization: `Bearer ${apiKey}` } });
      const tenantId = ((await me.json()) as { tenant: { id: string; name: string } }).tenant.id;
      expect((await row("SELECT name FROM tenants WHERE id = ?", [tenantId]))?.name).toBe("Harbor Films");
      await page.waitForSelector('[data-testid="tenants-table"] td:has-text("Harbor Films")');

      await page.click('[data-testid="created-tenant-link"]');
      await page.waitForSelector('[data-testid="tenant-title"]:has-text("Harbor Films")');
      expect(await page.textContent('[data-testid="tenant-balance"]')).toBe("0");
      // Shown once: the detail page lists the key by its prefix only.
      await page.waitForSelector('[data-testid="keys-table"] tbody tr');
      expect(await page.textContent("body")).not.toContain(apiKey);

      await page.selectOption('select[name="creditKind"]', "recharge");
      await page.fill('[data-testid="credit-form"] input[name="credits"]', "250");
      await page.fill('[data-testid="credit-form"] input[name="note"]', "invoice 42");
      await page.click('[data-testid="credit-form"] button[type="submit"]');
      await page.waitForFunction(() => document.querySelector('[data-testid="tenant-balance"]')?.textContent === "250");
      await page.waitForSelector('[data-testid="ledger-table"] td:has-text("invoice 42")');
      expect(await platform.balance(tenantId)).toBe(250);
      expect(
        await row("SELECT kind, amount, note FROM credit_ledger WHERE tenant_id = ? ORDER BY seq DESC", [tenantId]),
      ).toMatchObject({ kind: "recharge", amount: 250, note: "invoice 42" });

      // An adjustment below zero is refused with a visible error and changes nothing.
      await page.selectOption('select[name="creditKind"]', "adjust");
      await page.fill('[data-testid="credit-form"] input[name="credits"]', "-300");
      await page.fill('[data-testid="credit-form"] input[name="note"]', "too much");
      await page.click('[data-testid="credit-form"] button[type="submit"]');
      await page.waitForSelector('[data-testid="credit-form"] [role="alert"][data-code="insufficient_credits"]');
      expect(await platform.balance(tenantId)).toBe(250);
      // The operator is told what they asked for, not the tenant's "top up / ask your admin".
      const overdraw = (await page.textContent('[data-testid="credit-form"] [role="alert"]')) ?? "";
      expect(overdraw).toContain("不能扣减 300 积分");
      expect(overdraw).not.toContain("管理员");
      expect(overdraw).not.toContain("充值");

      await page.click('a[href="/admin/models"]');
      const imageRow = page.locator('[data-testid="model-row-sandbox-image"]');
      await imageRow.locator('input[name="price"]').fill("17");
      await imageRow.locator('button[name="save"]').click();
      await imageRow.locator('[data-testid="model-saved"]').waitFor();
      expect(Number((await row("SELECT price FROM models WHERE id = 'sandbox-image'"))?.price)).toBe(17);

      // Every write above is in the audit log.
      await page.click('a[href="/admin/audit"]');
      await page.waitForSelector('[data-testid="audit-table"] td:has-text("model.update")');
      const actions = (await platform.db.$client.execute("SELECT action FROM admin_audit ORDER BY seq")).rows.map((r) =>
        String(r.action),
      );
      expect(actions).toEqual(["tenant.create", "tenant.recharge", "model.update"]);
      // The price change reads as a before/after diff of the one field that changed, not as JSON.
      const diff = page
        .locator('[data-testid="audit-table"] tr', { hasText: "model.update" })
        .locator('[data-testid="audit-diff"]');
      expect(await diff.locator("tbody tr").count()).toBe(1);
      expect(await diff.locator("tbody tr").first().locator("td").allTextContents()).toEqual(["price", "10", "17"]);
      expect(await page.textContent('[data-testid="audit-table"]')).not.toContain('{"');
    } finally {
      await page.close();
    }
  }, 60_000);
});
