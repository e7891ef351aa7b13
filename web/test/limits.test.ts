// Key limits and member caps in Chromium against the real server: a tenant admin sets them on the team page, the
// database holds them, a refused call shows its code; bad input shows the server's 400 and stores nothing.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import type { Browser, Page } from "playwright-core";
import { createTenant } from "../../services/server/src/tenants/tenants";
import { addTenantUser } from "../../services/server/src/users/users";
import { launchChromium, submitSignIn } from "./chromium";
import { type Platform, startPlatform } from "./stack";

const PASSWORD = "admin-password-1";
let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function query(sql: string, args: (string | number)[]) {
  return (await platform.db.$client.execute({ sql, args })).rows;
}

async function openTeam(page: Page, apiKey: string) {
  await submitSignIn(page, platform.url, { apiKey, username: "ada", password: PASSWORD });
  await page.waitForURL("**/generate");
  await page.click('[data-testid="nav-team"]');
  await page.waitForURL("**/team");
}

describe("limits in Chromium", () => {
  test("an admin sets a key's quota and models, and a member's daily cap; the server enforces them", async () => {
    const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
    const { tenant, apiKey, apiKeyId } = await createTenant(ctx, { name: "Quota Films", credits: 1000 });
    await addTenantUser(ctx, { tenantId: tenant.id, username: "ada", password: PASSWORD, admin: true });
    const member = await addTenantUser(ctx, { tenantId: tenant.id, username: "max", password: PASSWORD });
    const page = await browser.newPage();
    try {
      await openTeam(page, apiKey);
      await page.click('[data-testid="tab-keys"]');
      await page.click(`[data-testid="key-${apiKeyId}"] [data-testid="edit-key-limits"]`);
      await page.fill('input[name="quotaTotal"]', "-3");
      await page.click('[data-testid="save-key-limits"]');
      // A negative quota is named under its own input.
      await page.waitForSelector('[data-testid="key-limits"] input[name="quotaTotal"][aria-invalid="true"]');
      expect((await query("SELECT quota_total FROM tenant_api_keys WHERE id = ?", [apiKeyId]))[0]?.quota_total).toBe(
        null,
      );

      await page.fill('input[name="quotaTotal"]', "25");
      await page.fill('input[name="allowedModels"]', "sandbox-image, sandbox-chat");
      await page.click('[data-testid="save-key-limits"]');
      await page.waitForSelector('[data-testid="keys-panel"] .notice');
      const [row] = await query("SELECT quota_total, allowed_models FROM tenant_api_keys WHERE id = ?", [apiKeyId]);
      expect([Number(row?.quota_total), JSON.parse(String(row?.allowed_models))]).toEqual([
        25,
        ["sandbox-image", "sandbox-chat"],
      ]);

      // 10 credits per image: two fit in 25, the third is refused with the quota's code.
      const image = () =>
        fetch(`${platform.url}/api/v1/images/generations`, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ model: "sandbox-image", prompt: "fox", size: "64x64" }),
        });
      expect((await image()).status).toBe(200);
      expect((await image()).status).toBe(200);
      const refused = await image();
      expect([refused.status, ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([
        402,
        "key_quota_exceeded",
      ]);

      await page.click('[data-testid="tab-users"]');
      await page.click('[data-testid="user-max"] [data-testid="edit-member-caps"]');
      await page.fill('input[name="capDaily"]', "40");
      await page.click('[data-testid="save-member-caps"]');
      await page.waitForSelector('[data-testid="users-panel"] .notice');
      const [caps] = await query("SELECT cap_daily, cap_monthly FROM tenant_users WHERE id = ?", [member.id]);
      expect([Number(caps?.cap_daily), caps?.cap_monthly]).toEqual([40, null]);

      // The form's words follow the language: zh-CN by default, English after the switch.
      expect(await page.textContent('[data-testid="member-caps"]')).toContain("每日上限");
      await page.selectOption('[data-testid="language-switch"]', "en");
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="member-caps"]')?.textContent?.includes("Cap per day"),
      );
      expect(await page.textContent('[data-testid="member-spent"]')).toContain("Spent: 0 credits today");
    } finally {
      await page.close();
    }
  });
});
