// The tenant web app in a real browser against the real server and gateway: sign in, generate, see the bill, switch language.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, submitSignIn } from "./chromium";
import { type Platform, startPlatform } from "./stack";

const SANDBOX_IMAGE_PRICE = 10; // credits per image of the seeded sandbox-image model

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

async function signIn(page: Page, apiKey: string, username: string, password: string) {
  await submitSignIn(page, platform.url, { apiKey, username, password });
}

describe("web app in Chromium", () => {
  test("signs in, generates two images, shows them and the lower balance, then switches to English", async () => {
    const { tenant, apiKey } = await platform.createTenantWithUser({
      name: "Lakeside Studio",
      credits: 1000,
      username: "mei",
      password: "correct-horse-1",
    });
    const page = await browser.newPage();
    try {
      await signIn(page, apiKey, "mei", "correct-horse-1");
      await page.waitForURL("**/generate");
      expect(await page.textContent("html")).toContain("生成图片"); // zh-CN is the default language
      await expect(page.locator('[data-testid="tenant-name"]').textContent()).resolves.toBe("Lakeside Studio");
      await page.waitForFunction(() => document.querySelector('[data-testid="credits"]')?.textContent === "1000");

      await page.waitForSelector('select[name="model"] option[value="sandbox-image"]', { state: "attached" });
      await page.selectOption('select[name="model"]', "sandbox-image");
      await page.fill('textarea[name="prompt"]', "a lighthouse on a cliff at dawn");
      await page.selectOption('select[name="size"]', "512x512");
      await page.selectOption('select[name="n"]', "2");
      await page.click('button[type="submit"]');

      const images = page.locator('img[data-testid="generated-image"]');
      await images.nth(1).waitFor({ timeout: 30_000 });
      expect(await images.count()).toBe(2);
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll<HTMLImageElement>('img[data-testid="generated-image"]')].every(
            (img) => img.complete && img.naturalWidth > 0,
          ),
        undefined,
        { timeout: 15_000 },
      );
      const widths = await images.evaluateAll((els) => els.map((el) => (el as HTMLImageElement).naturalWidth));
      expect(widths).toEqual([512, 512]);
      expect(await page.textContent('[data-testid="credits-used"]')).toContain(String(2 * SANDBOX_IMAGE_PRICE));

      const expected = 1000 - 2 * SANDBOX_IMAGE_PRICE;
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="credits"]')?.textContent === String(n),
        expected,
      );
      expect(await platform.balance(tenant.id)).toBe(expected);

      await page.click('a[href="/history"]');
      await page.waitForSelector('[data-testid="usage-table"] tbody td:has-text("sandbox-image")');
      const row = await page.locator('[data-testid="usage-table"] tbody tr').first().textContent();
      expect(row).toContain(String(2 * SANDBOX_IMAGE_PRICE));

      await page.selectOption('[data-testid="language-switch"]', "en");
      await page.waitForSelector("text=Usage history");
      expect(await page.textContent("header")).toContain("Credits");
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
      await page.reload();
      await page.waitForSelector("text=Usage history"); // the choice survives a reload
    } finally {
      await page.close();
    }
  }, 90_000);

  test("refuses a wrong password with a readable message and stays on the login page", async () => {
    const { apiKey } = await platform.createTenantWithUser({
      name: "Guarded",
      credits: 100,
      username: "wang",
      password: "correct-horse-3",
    });
    const page = await browser.newPage();
    try {
      await signIn(page, apiKey, "wang", "wrong-password");
      const alert = page.locator('[role="alert"][data-code="unauthorized"]');
      await alert.waitFor();
      expect(page.url()).toEndWith("/login");
      expect(await page.evaluate(() => localStorage.getItem("waule.session"))).toBeNull();
    } finally {
      await page.close();
    }
  }, 60_000);
});
