// Usage charts in Chromium (Apache ECharts, SVG): the operator's dashboard by day, model and tenant with quick ranges,
// pickers and CSV export; a tenant admin's team page with the same charts over its own usage only.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { randomIds, systemClock } from "@waule/shared/clock";
import type { Browser } from "playwright-core";
import { usageRecords } from "../../db/src/server";
import { createTenant } from "../../services/server/src/tenants/tenants";
import { addTenantUser } from "../../services/server/src/users/users";
import { submitSignIn } from "./chromium";
import { closeBrowserPlatform, openBrowserPlatform, type Platform } from "./stack";

const PASSWORD = "charts-password-1";
let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  ({ platform, browser } = await openBrowserPlatform({ operator: { username: "ops", password: PASSWORD } }));
}, 120_000);
afterAll(() => closeBrowserPlatform(platform, browser));

let n = 0;
async function billed(tenantId: string, model: string, credits: number, agoMs: number) {
  n += 1;
  await platform.db.insert(usageRecords).values({
    id: `use_chart_${n}`,
    tenantId,
    userId: null,
    model,
    operation: "image.generation",
    credits,
    requestId: null,
    metadata: {},
    createdAt: new Date(Date.now() - agoMs),
  });
}

const svgText = (testId: string) => `[data-testid="${testId}"] svg`;

describe("usage charts in Chromium", () => {
  test("the operator's dashboard charts every tenant by day, model and tenant, switches ranges, picks a tenant and exports CSV", async () => {
    const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
    const north = await createTenant(ctx, { name: "North Studio", credits: 0 });
    const south = await createTenant(ctx, { name: "South Films", credits: 0 });
    await billed(north.tenant.id, "sandbox-image", 30, 60_000);
    await billed(south.tenant.id, "sandbox-chat", 7, 60_000);
    await billed(south.tenant.id, "sandbox-image", 100, 3 * 86_400_000);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    try {
      await page.goto(`${platform.url}/admin`);
      await page.fill('[data-testid="admin-login"] input[name="username"]', "ops");
      await page.fill('[data-testid="admin-login"] input[name="password"]', PASSWORD);
      await page.click('[data-testid="admin-login"] button[type="submit"]');
      await page.waitForSelector(svgText("chart-over-time"));
      expect(await page.textContent('[data-testid="usage-totals"]')).toContain("合计：137 积分，3 次调用");
      // The bars name the tenants and models as text a person reads (SVG, in the page).
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.textContent?.includes("South Films"),
        svgText("chart-by-tenant"),
      );
      expect(await page.textContent(svgText("chart-by-tenant"))).toContain("North Studio");
      expect(await page.textContent(svgText("chart-by-model"))).toContain("Sandbox image");
      // Lines and bars were drawn: paths in each chart.
      for (const id of ["chart-over-time", "chart-by-model", "chart-by-tenant"])
        expect(await page.locator(`${svgText(id)} path`).count()).toBeGreaterThan(3);
      // Layout: the line chart spans the card, the two bar charts sit side by side below it.
      const [line, byModel, byTenant] = await Promise.all(
        ["chart-over-time", "chart-by-model", "chart-by-tenant"].map((id) =>
          page.locator(`[data-testid="${id}"]`).boundingBox(),
        ),
      );
      expect(line!.width).toBeGreaterThan(900);
      expect(Math.round(byModel!.y)).toBe(Math.round(byTenant!.y));
      expect(byTenant!.x).toBeGreaterThan(byModel!.x + byModel!.width - 1);
      expect(byModel!.y).toBeGreaterThan(line!.y + line!.height - 1);
      // The screenshot has the charts' pixels: a non-trivial PNG of the dashboard.
      expect((await page.screenshot()).byteLength).toBeGreaterThan(20_000);

      await page.click('[data-testid="range-24h"]');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="usage-totals"]')?.textContent?.includes("37 积分，2 次调用"),
      );
      expect(await page.getAttribute('[data-testid="range-24h"]', "aria-pressed")).toBe("true");
      await page.selectOption('select[name="chartTenant"]', north.tenant.id);
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="usage-totals"]')?.textContent?.includes("30 积分，1 次调用"),
      );
      expect(await page.textContent(svgText("chart-by-tenant"))).not.toContain("South Films");

      const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="usage-csv"]')]);
      expect(download.suggestedFilename()).toBe("usage-24h.csv");
      const csv = await readFile((await download.path()) ?? "", "utf8");
      expect(csv.split("\n")[0]).toBe("section,key,name,calls,credits");
      expect(csv).toContain(`tenant,${north.tenant.id},North Studio,1,30`);
      expect(csv).not.toContain("South Films");
      expect(csv.split("\n").filter((l) => l.startsWith("hour,"))).toHaveLength(24);

      // The usage table picks a tenant by name, not by a pasted id.
      await page.click('a[href="/admin/usage"]');
      await page.waitForSelector('[data-testid="usage-summary"] td:has-text("South Films")');
      await page.selectOption('select[name="tenantId"]', { label: "North Studio" });
      await page.waitForFunction(
        () => !document.querySelector('[data-testid="usage-summary"]')?.textContent?.includes("South Films"),
      );
      expect(await page.textContent('[data-testid="usage-summary"]')).toContain("North Studio");
    } finally {
      await page.close();
    }
  }, 90_000);

  test("a tenant admin's team page charts only the tenant's own usage, in English too", async () => {
    const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
    const mine = await createTenant(ctx, { name: "Own Works", credits: 100 });
    const other = await createTenant(ctx, { name: "Other Co", credits: 0 });
    await addTenantUser(ctx, { tenantId: mine.tenant.id, username: "ada", password: PASSWORD, admin: true });
    await billed(mine.tenant.id, "sandbox-tts", 4, 60_000);
    await billed(other.tenant.id, "sandbox-image", 500, 60_000);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await submitSignIn(page, platform.url, { apiKey: mine.apiKey, username: "ada", password: PASSWORD });
      await page.waitForURL("**/generate");
      await page.click('[data-testid="nav-team"]');
      await page.click('[data-testid="tab-usage"]');
      await page.waitForSelector(svgText("chart-by-model"));
      expect(await page.textContent('[data-testid="usage-totals"]')).toContain("合计：4 积分，1 次调用");
      await page.waitForFunction(
        (sel) => (document.querySelector(sel)?.textContent ?? "").length > 0,
        svgText("chart-by-model"),
      );
      expect(await page.textContent(svgText("chart-by-model"))).not.toContain("Sandbox image");
      expect(await page.locator('[data-testid="chart-by-tenant"]').count()).toBe(0);
      await page.selectOption('[data-testid="language-switch"]', "en");
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="usage-totals"]')?.textContent?.includes("Total: 4 credits, 1 calls"),
      );
      expect(await page.textContent('[data-testid="range-30d"]')).toBe("Last 30 days");
    } finally {
      await page.close();
    }
  }, 90_000);
});
