// Credits in Chromium: an operator generates redemption codes (shown once), a tenant admin redeems one, the operator
// disables the batch and exports it; the low-balance banner and the monthly statement follow the database.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { parseCsv } from "../../services/server/src/http/csv";
import { submitSignIn } from "./chromium";
import { closeBrowserPlatform, openBrowserPlatform, type Platform } from "./stack";

const OPERATOR_PASSWORD = "operator-password-123";
const PASSWORD = "admin-password-1";

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  ({ platform, browser } = await openBrowserPlatform({ operator: { username: "ops", password: OPERATOR_PASSWORD } }));
}, 120_000);
afterAll(() => closeBrowserPlatform(platform, browser));

const rows = async (sql: string, args: (string | number)[] = []) =>
  (await platform.db.$client.execute({ sql, args })).rows;

async function operatorPage(): Promise<Page> {
  const page = await browser.newPage({ acceptDownloads: true });
  page.on("dialog", (d) => void d.accept());
  await page.goto(`${platform.url}/admin`);
  await page.fill('[data-testid="admin-login"] input[name="username"]', "ops");
  await page.fill('[data-testid="admin-login"] input[name="password"]', OPERATOR_PASSWORD);
  await page.click('[data-testid="admin-login"] button[type="submit"]');
  await page.waitForSelector('[data-testid="admin-username"]');
  return page;
}

async function tenantAdminPage(apiKey: string, username: string): Promise<Page> {
  const page = await browser.newPage({ acceptDownloads: true });
  await submitSignIn(page, platform.url, { apiKey, username, password: PASSWORD });
  await page.waitForURL("**/generate");
  await page.click('[data-testid="nav-team"]');
  await page.click('[data-testid="tab-billing"]');
  await page.waitForSelector('[data-testid="billing-panel"]');
  return page;
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return readFile((await download.path()) ?? "", "utf8");
}

describe("credits in Chromium", () => {
  test("codes are shown once, one is redeemed (balance and ledger follow), then the batch is disabled and exported", async () => {
    const { tenant, apiKey } = await platform.createTenantWithUser({
      name: "Lantern Co",
      credits: 100,
      username: "lena",
      password: PASSWORD,
    });
    await rows("UPDATE tenant_users SET role = 'admin' WHERE tenant_id = ?", [tenant.id]);
    const ops = await operatorPage();
    const lena = await tenantAdminPage(apiKey, "lena");
    try {
      await ops.click('a[href="/admin/redemption-codes"]');
      await ops.fill('input[name="codeCount"]', "2");
      await ops.fill('input[name="codeCredits"]', "300");
      await ops.fill('input[name="codeValidity"]', "30");
      await ops.fill('input[name="codeNote"]', "spring fair");
      await ops.click('[data-testid="redemption-create"] button[type="submit"]');
      await ops.waitForSelector('[data-testid="new-codes-list"] li');
      const codes = (await ops.locator('[data-testid="new-codes-list"] code').allTextContents()).map((c) => c.trim());
      expect(codes).toHaveLength(2);
      for (const code of codes) expect(code).toMatch(/^WR-[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      const [batch] = await rows("SELECT id, code_count, note, validity_days FROM redemption_batches");
      expect([batch?.code_count, batch?.note, batch?.validity_days]).toEqual([2, "spring fair", 30]);
      const batchRow = ops.locator(`[data-testid="batch-${batch?.id}"]`);
      await batchRow.waitFor();
      await ops.click('[data-testid="dismiss-codes"]');
      expect(await ops.content()).not.toContain(codes[0]);

      await lena.fill('input[name="redeemCode"]', codes[0]!.toLowerCase());
      await lena.click('[data-testid="redeem-form"] button[type="submit"]');
      expect(await (await lena.waitForSelector('[data-testid="redeem-done"]')).textContent()).toContain("400");
      await lena.waitForFunction(() => document.querySelector('[data-testid="credits"]')?.textContent === "400");
      expect(await platform.balance(tenant.id)).toBe(400);
      // The batch's validity made the redeemed credits a grant that expires 30 days on.
      const grants = await rows(
        "SELECT credits, expires_at - created_at AS lifetime FROM credit_grants WHERE tenant_id = ?",
        [tenant.id],
      );
      expect(grants.map((g) => [Number(g.credits), Math.round(Number(g.lifetime) / 86_400_000)])).toEqual([[300, 30]]);
      const ledger = await rows("SELECT kind, amount FROM credit_ledger WHERE tenant_id = ? ORDER BY seq", [tenant.id]);
      expect(ledger.map((r) => [r.kind, Number(r.amount)])).toEqual([
        ["recharge", 100],
        ["redeem", 300],
      ]);
      // The same code again: refused, nothing added.
      await lena.fill('input[name="redeemCode"]', codes[0]!);
      await lena.click('[data-testid="redeem-form"] button[type="submit"]');
      await lena.waitForSelector('[data-testid="redeem-form"] [role="alert"][data-code="not_found"]');
      expect(await platform.balance(tenant.id)).toBe(400);

      // The operator disables the batch: the unused code stops working.
      await ops.reload();
      await batchRow.locator('[data-testid="disable-batch"]').click();
      await ops.waitForSelector(`[data-testid="batch-${batch?.id}"][data-state="disabled"]`);
      expect((await rows("SELECT disabled_at FROM redemption_batches"))[0]?.disabled_at).not.toBeNull();
      await lena.fill('input[name="redeemCode"]', codes[1]!);
      await lena.click('[data-testid="redeem-form"] button[type="submit"]');
      await lena.waitForSelector('[data-testid="redeem-form"] [role="alert"][data-code="not_found"]');
      expect(await platform.balance(tenant.id)).toBe(400);

      const csv = parseCsv(await downloaded(ops, () => batchRow.locator('[data-testid="export-batch"]').click()));
      expect(csv[0]?.slice(0, 4)).toEqual(["batch_id", "code_prefix", "credits", "uses"]);
      const byPrefix = Object.fromEntries(csv.slice(1).map((r) => [r[1], [r[3], r[5]]]));
      expect(byPrefix).toEqual({
        [codes[0]!.slice(0, 7)]: ["1", "disabled"],
        [codes[1]!.slice(0, 7)]: ["0", "disabled"],
      });
    } finally {
      await ops.close();
      await lena.close();
    }
  }, 120_000);

  test("a threshold above the balance brings the banner after a spend; the statement and the CSV match the ledger", async () => {
    const { tenant, apiKey } = await platform.createTenantWithUser({
      name: "Quill Ltd",
      credits: 100,
      username: "quinn",
      password: PASSWORD,
    });
    await rows("UPDATE tenant_users SET role = 'admin' WHERE tenant_id = ?", [tenant.id]);
    const page = await tenantAdminPage(apiKey, "quinn");
    try {
      await page.fill('input[name="alertThreshold"]', "95");
      await page.click('[data-testid="alert-form"] button[type="submit"]');
      await page.waitForSelector('[data-testid="alert-state"]:has-text("余额高于阈值")');
      expect(
        Number((await rows("SELECT low_balance_threshold AS t FROM tenants WHERE id = ?", [tenant.id]))[0]?.t),
      ).toBe(95);
      expect(await page.locator('[data-testid="low-balance-banner"]').count()).toBe(0);

      const spent = await fetch(`${platform.url}/api/v1/images/generations`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "sandbox-image", prompt: "quill", size: "64x64" }),
      });
      expect(spent.status).toBe(200);
      const balance = await platform.balance(tenant.id);
      expect(balance).toBeLessThan(95);
      await page.reload();
      const banner = await page.waitForSelector('[data-testid="low-balance-banner"]');
      expect(await banner.textContent()).toContain(`当前 ${balance} 积分`);
      await page.selectOption('[data-testid="language-switch"]', "en");
      await page.waitForSelector(`[data-testid="low-balance-banner"]:has-text("Low balance: ${balance} credits")`);
      const events = await rows("SELECT type FROM tenant_events WHERE tenant_id = ?", [tenant.id]);
      expect(events.map((e) => e.type)).toEqual(["balance.low"]);

      await page.click('[data-testid="tab-billing"]');
      await page.click('[data-testid="monthly-form"] button[type="submit"]');
      await page.waitForSelector('[data-testid="monthly-statement"]');
      expect(await page.textContent('[data-testid="st-opening"]')).toBe("0");
      expect(await page.textContent('[data-testid="st-recharges"]')).toBe("100");
      expect(await page.textContent('[data-testid="st-closing"]')).toBe(String(balance));

      const csv = parseCsv(await downloaded(page, () => page.click('[data-testid="download-ledger"]')));
      const stored = await rows("SELECT kind, amount FROM credit_ledger WHERE tenant_id = ? ORDER BY seq", [tenant.id]);
      expect(csv.slice(1).map((r) => [r[2], Number(r[3])])).toEqual(
        stored.map((r) => [String(r.kind), Number(r.amount)]),
      );
    } finally {
      await page.close();
    }
  }, 120_000);
});
