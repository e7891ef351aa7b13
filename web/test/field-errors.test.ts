// Field-level messages in Chromium against the real server: a refused form names what is wrong under the input it
// belongs to (tied to it by aria-describedby, the input marked aria-invalid), in zh-CN and in English, and the alert
// above the form is left for errors that belong to no input. Nothing refused is stored.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import type { Browser, Page } from "playwright-core";
import { createTenant } from "../../services/server/src/tenants/tenants";
import { addTenantUser } from "../../services/server/src/users/users";
import { signInOperator, submitSignIn } from "./chromium";
import { closeBrowserPlatform, openBrowserPlatform, type Platform } from "./stack";

const PASSWORD = "admin-password-1";
const OPERATOR_PASSWORD = "operator-password-123";
let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  ({ platform, browser } = await openBrowserPlatform({ operator: { username: "ops", password: OPERATOR_PASSWORD } }));
}, 120_000);
afterAll(() => closeBrowserPlatform(platform, browser));

const rows = async (sql: string, args: (string | number)[] = []) =>
  (await platform.db.$client.execute({ sql, args })).rows;

/** The message the input's aria-describedby names as its error, and whether it stands below the input. */
async function messageOf(page: Page, input: string) {
  return page.evaluate((selector) => {
    const el = document.querySelector(selector);
    if (!el) throw new Error(`no ${selector}`);
    const ids = (el.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
    const message = ids.map((id) => document.getElementById(id)).find((m) => m?.classList.contains("field-error"));
    return {
      invalid: el.getAttribute("aria-invalid"),
      text: message?.textContent ?? null,
      below: message ? message.getBoundingClientRect().top >= el.getBoundingClientRect().bottom - 1 : false,
    };
  }, input);
}

async function waitForMessage(page: Page, input: string, text: string) {
  await page.waitForFunction(
    ([selector, expected]) => {
      const el = document.querySelector(selector!);
      const ids = (el?.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
      return ids.some((id) => document.getElementById(id)?.textContent === expected);
    },
    [input, text],
  );
  return messageOf(page, input);
}

async function tenantAdmin(name: string, username: string) {
  const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
  const created = await createTenant(ctx, { name, credits: 100 });
  await addTenantUser(ctx, { tenantId: created.tenant.id, username, password: PASSWORD, admin: true });
  return created;
}

describe("field-level messages in Chromium", () => {
  test("a short new password is named under the password input, not in the alert, in Chinese and English", async () => {
    const { apiKey } = await tenantAdmin("Short Films", "mei");
    const page = await browser.newPage();
    try {
      await submitSignIn(page, platform.url, { apiKey, username: "mei", password: PASSWORD });
      await page.waitForURL("**/generate");
      await page.goto(`${platform.url}/settings`);
      await page.fill('input[name="oldPassword"]', PASSWORD);
      await page.fill('input[name="newPassword"]', "short");
      await page.fill('input[name="repeatPassword"]', "short");
      await page.click('[data-testid="change-password"] button[type="submit"]');

      const input = '[data-testid="change-password"] input[name="newPassword"]';
      expect(await waitForMessage(page, input, "至少 8 个字符")).toEqual({
        invalid: "true",
        text: "至少 8 个字符",
        below: true,
      });
      expect(await page.locator('[data-testid="change-password"] [role="alert"]').count()).toBe(0);
      expect((await messageOf(page, '[data-testid="change-password"] input[name="oldPassword"]')).invalid).toBeNull();

      await page.selectOption('[data-testid="language-switch"]', "en");
      expect((await waitForMessage(page, input, "At least 8 characters")).below).toBe(true);
      expect(await page.locator('[data-testid="change-password"] [role="alert"]').count()).toBe(0);

      // The old password still signs in: nothing was changed.
      const login = await fetch(`${platform.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ apiKey, username: "mei", password: PASSWORD }),
      });
      expect(login.status).toBe(200);
    } finally {
      await page.close();
    }
  }, 60_000);

  test("a bad IP range in a key's limits is named under the IP input, item by item", async () => {
    const { apiKey, apiKeyId } = await tenantAdmin("Range Films", "ren");
    const page = await browser.newPage();
    try {
      await submitSignIn(page, platform.url, { apiKey, username: "ren", password: PASSWORD });
      await page.waitForURL("**/generate");
      await page.click('[data-testid="nav-team"]');
      await page.waitForURL("**/team");
      await page.click('[data-testid="tab-keys"]');
      await page.click(`[data-testid="key-${apiKeyId}"] [data-testid="edit-key-limits"]`);
      await page.fill('input[name="ipAllowlist"]', "10.0.0.0/8, 300.1.2.3/40");
      await page.click('[data-testid="save-key-limits"]');

      const input = '[data-testid="key-limits"] input[name="ipAllowlist"]';
      const zh = await waitForMessage(page, input, "第 2 项：不是有效的 IP 地址或 CIDR 网段");
      expect([zh.invalid, zh.below]).toEqual(["true", true]);
      expect(await page.locator('[data-testid="keys-panel"] [role="alert"]').count()).toBe(0);
      await page.selectOption('[data-testid="language-switch"]', "en");
      await waitForMessage(page, input, "Item 2: not an IP address or CIDR range");
      const [key] = await rows("SELECT ip_allowlist FROM tenant_api_keys WHERE id = ?", [apiKeyId]);
      expect(key?.ip_allowlist).toBeNull();
    } finally {
      await page.close();
    }
  }, 60_000);

  test("the console names a too-high package price under the price input and a too-large batch under its credits", async () => {
    const page = await browser.newPage();
    try {
      await signInOperator(page, platform.url, "ops", OPERATOR_PASSWORD);

      await page.click('a[href="/admin/packages"]');
      await page.fill('input[name="packageName"]', "Huge pack");
      await page.fill('input[name="packagePrice"]', "999999999");
      await page.fill('input[name="packageCredits"]', "10");
      await page.click('[data-testid="package-form"] button[type="submit"]');
      const price = await waitForMessage(page, 'input[name="packagePrice"]', "不能大于 100000000");
      expect([price.invalid, price.below]).toEqual(["true", true]);
      expect((await messageOf(page, 'input[name="packageCredits"]')).invalid).toBeNull();
      expect(await page.locator('.page [role="alert"]').count()).toBe(0);
      expect(await rows("SELECT id FROM recharge_packages")).toEqual([]);

      await page.click('a[href="/admin/redemption-codes"]');
      await page.fill('input[name="codeCredits"]', "200000000");
      await page.click('[data-testid="redemption-create"] button[type="submit"]');
      await waitForMessage(page, 'input[name="codeCredits"]', "不能大于 100000000");
      expect(await page.locator('[data-testid="redemption-create"] [role="alert"]').count()).toBe(0);
      await page.selectOption('[data-testid="language-switch"]', "en");
      await waitForMessage(page, 'input[name="codeCredits"]', "Must be at most 100000000");
      expect(await rows("SELECT id FROM redemption_batches")).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
