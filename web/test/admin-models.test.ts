// The operator's models screen at 1440×900 in Chromium: the table fits without scrolling sideways, units read as
// words, and a video model's resolution multipliers are edited as fields and stored as the pricing object.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { closeBrowserPlatform, openBrowserPlatform, type Platform } from "./stack";

const PASSWORD = "operator-password-456";

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  ({ platform, browser } = await openBrowserPlatform({ operator: { username: "prices", password: PASSWORD } }));
}, 120_000);
afterAll(() => closeBrowserPlatform(platform, browser));

describe("operator models screen in Chromium", () => {
  test("fits 1440 px, says price units in words, and edits pricing knobs as fields", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(`${platform.url}/admin`);
      await page.fill('[data-testid="admin-login"] input[name="username"]', "prices");
      await page.fill('[data-testid="admin-login"] input[name="password"]', PASSWORD);
      await page.click('[data-testid="admin-login"] button[type="submit"]');
      await page.waitForSelector('[data-testid="admin-username"]');
      await page.click('a[href="/admin/models"]');
      const video = page.locator('[data-testid="model-row-sandbox-video"]');
      await video.waitFor();

      // Nothing hides to the right: the table is no wider than its card, the page no wider than the screen.
      const fit = await page.evaluate(() => {
        const table = document.querySelector('[data-testid="models-table"]') as HTMLElement;
        const card = table.parentElement as HTMLElement;
        return { table: table.scrollWidth, card: card.clientWidth, page: document.documentElement.scrollWidth };
      });
      expect(fit.table).toBeLessThanOrEqual(fit.card);
      expect(fit.page).toBeLessThanOrEqual(1440);
      const shot = await page.screenshot();
      expect([shot.readUInt32BE(16), shot.readUInt32BE(20)]).toEqual([1440, 900]);

      const unitText = await video.locator('select[name="priceUnit"] option:checked').textContent();
      expect(unitText).toBe("每秒视频");
      expect(await page.locator('[data-testid="model-row-sandbox-image"] [data-testid="pricing-fields"]').count()).toBe(
        0,
      );
      expect(await page.locator('input[name="pricing"]').count()).toBe(0); // no raw JSON box anywhere

      await video.locator('input[name="pricing-1080p"]').fill("2");
      await video.locator('input[name="pricing-480p"]').fill("0.5");
      await video.locator('button[name="save"]').click();
      await video.locator('[data-testid="model-saved"]').waitFor();
      const stored = (await platform.db.$client.execute("SELECT pricing FROM models WHERE id = 'sandbox-video'"))
        .rows[0];
      expect(JSON.parse(String(stored?.pricing))).toEqual({ "480p": 0.5, "1080p": 2 });
    } finally {
      await page.close();
    }
  }, 60_000);
});
