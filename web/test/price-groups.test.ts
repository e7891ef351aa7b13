// The console's price-group screen in Chromium: create a group, assign a tenant on its screen; /models then lists the
// group's price for that tenant. Checked against the database and the tenant API, not the page alone.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import type { Browser } from "playwright-core";
import { createTenant } from "../../services/server/src/tenants/tenants";
import { closeBrowserPlatform, openBrowserPlatform, type Platform } from "./stack";

const PASSWORD = "operator-password-123";
let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  ({ platform, browser } = await openBrowserPlatform({ operator: { username: "ops", password: PASSWORD } }));
}, 120_000);
afterAll(() => closeBrowserPlatform(platform, browser));

describe("price groups in Chromium", () => {
  test("an operator creates a vip group and moves a tenant into it; the tenant's /models follows", async () => {
    const { tenant, apiKey } = await createTenant(
      { db: platform.db, clock: systemClock, ids: randomIds },
      { name: "Vip Films", credits: 100 },
    );
    const page = await browser.newPage();
    try {
      await page.goto(`${platform.url}/admin`);
      await page.fill('[data-testid="admin-login"] input[name="username"]', "ops");
      await page.fill('[data-testid="admin-login"] input[name="password"]', PASSWORD);
      await page.click('[data-testid="admin-login"] button[type="submit"]');
      await page.waitForSelector('[data-testid="admin-username"]');
      await page.goto(`${platform.url}/admin/price-groups`);
      await page.fill('input[name="groupId"]', "vip");
      await page.fill('input[name="groupName"]', "VIP");
      await page.fill('input[name="groupRatio"]', "0.5");
      await page.click('[data-testid="create-price-group"] button[type="submit"]');
      await page.waitForSelector('[data-testid="price-group-vip"]');
      const stored = (await platform.db.$client.execute("SELECT ratio FROM price_groups WHERE id = 'vip'")).rows[0];
      expect(Number(stored?.ratio)).toBe(0.5);

      await page.goto(`${platform.url}/admin/tenants/${tenant.id}`);
      await page.waitForSelector('[data-testid="tenant-price-group"] option[value="vip"]', { state: "attached" });
      await page.selectOption('[data-testid="tenant-price-group"]', "vip");
      // The choice is saved on change; wait for the row rather than for a timer.
      const saved = async () => {
        for (;;) {
          const r = await platform.db.$client.execute({
            sql: "SELECT price_group_id FROM tenants WHERE id = ?",
            args: [tenant.id],
          });
          if (r.rows[0]?.price_group_id === "vip") return;
          await Bun.sleep(50);
        }
      };
      await saved();
      const res = await fetch(`${platform.url}/api/v1/models`, { headers: { authorization: `Bearer ${apiKey}` } });
      const { data } = (await res.json()) as { data: { id: string; waule: { price: number } }[] };
      expect(data.find((m) => m.id === "sandbox-image")?.waule.price).toBe(5);
    } finally {
      await page.close();
    }
  });
});
