// Money on the page in Chromium: the price before every submit, submit disabled with the reason when the balance is
// short, and what to do about it said to whoever reads it (a member asks their admin, a tenant admin is sent to top up).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import type { Browser, Page } from "playwright-core";
import { adjust } from "../../services/server/src/billing/ledger";
import { createTenant } from "../../services/server/src/tenants/tenants";
import { addTenantUser } from "../../services/server/src/users/users";
import { launchChromium, submitSignIn } from "./chromium";
import { type Platform, startPlatform } from "./stack";

const PASSWORD = "money-password-1";
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

async function tenantWith(credits: number, username: string, admin: boolean) {
  const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
  const created = await createTenant(ctx, { name: `Wallet ${username}`, credits });
  await addTenantUser(ctx, { tenantId: created.tenant.id, username, password: PASSWORD, admin });
  return created;
}

async function openGenerate(page: Page, apiKey: string, username: string) {
  await submitSignIn(page, platform.url, { apiKey, username, password: PASSWORD });
  await page.waitForURL("**/generate");
  await page.waitForSelector('select[name="model"] option[value="sandbox-image"]', { state: "attached" });
  await page.fill('textarea[name="prompt"]', "two cats");
}

const submit = '.generate button[type="submit"]';

describe("money on the page", () => {
  test("a member sees the image price, cannot submit past the balance, and is told to ask the team admin; a race the page missed is refused with the same advice and charges nothing", async () => {
    const { tenant, apiKey } = await tenantWith(15, "li.na", false);
    const page = await browser.newPage();
    try {
      await openGenerate(page, apiKey, "li.na");
      await page.selectOption('select[name="n"]', "2");
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="image-estimate"]')?.textContent?.includes("20"),
      );
      const short = page.locator('[data-testid="balance-short"]');
      await short.waitFor();
      expect(await short.textContent()).toContain("本次需要 20 积分，当前余额 15 积分");
      expect(await short.textContent()).toContain("请联系团队管理员充值");
      expect(await page.locator('[data-testid="top-up-link"]').count()).toBe(0);
      expect(await page.locator(submit).isDisabled()).toBe(true);

      await page.selectOption('select[name="n"]', "1");
      await short.waitFor({ state: "detached" });
      expect(await page.textContent('[data-testid="image-estimate"]')).toContain("10");
      expect(await page.locator(submit).isDisabled()).toBe(false);

      // Someone else spends the credits after the page read the balance: the server refuses, the page says why.
      await adjust({ db: platform.db, now: Date.now() }, tenant.id, -10, "spent elsewhere");
      await page.click(submit);
      const alert = page.locator('[role="alert"][data-code="insufficient_credits"]');
      await alert.waitFor();
      const said = (await alert.textContent()) ?? "";
      expect(said).toContain("积分不足");
      expect(said).toContain("本次需要 10 积分，当前余额 5 积分");
      expect(said).toContain("请联系团队管理员充值");
      expect(said).not.toContain("credits; the balance"); // no raw English under the Chinese title
      expect(await page.locator('img[data-testid="generated-image"]').count()).toBe(0);
      expect(await platform.balance(tenant.id)).toBe(5);
      // The header caught up, so the button now says why it is disabled.
      await page.waitForFunction(() => document.querySelector('[data-testid="credits"]')?.textContent === "5");
      expect(await page.locator(submit).isDisabled()).toBe(true);
    } finally {
      await page.close();
    }
  }, 60_000);

  test("a tenant admin short of credits is offered the top-up page, on every paid page, in both languages", async () => {
    const { apiKey } = await tenantWith(3, "ada.admin", true);
    const page = await browser.newPage();
    try {
      await openGenerate(page, apiKey, "ada.admin");
      const link = page.locator('[data-testid="balance-short"] [data-testid="top-up-link"]');
      await link.waitFor();
      expect(await link.getAttribute("href")).toBe("/credits");
      expect(await page.textContent('[data-testid="balance-short"]')).toContain("购买积分套餐");
      expect(await page.locator(submit).isDisabled()).toBe(true);

      // Chat: the hold is shown before sending, and Send waits for the credits too.
      await page.click('a[href="/chat"]');
      await page.waitForSelector('[data-testid="chat-estimate"]');
      await page.fill('textarea[name="message"]', "hello");
      expect(await page.textContent('[data-testid="chat-estimate"]')).toMatch(/预扣最多 \d+ 积分/);
      await page.waitForSelector('[data-testid="balance-short"] [data-testid="top-up-link"]');
      expect(await page.locator('[data-testid="chat-send"]').isDisabled()).toBe(true);

      await page.click('a[href="/video"]');
      await page.waitForSelector('[data-testid="video-estimate"]');
      await page.waitForSelector('[data-testid="balance-short"] [data-testid="top-up-link"]');

      await page.selectOption('[data-testid="language-switch"]', "en");
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="balance-short"]')?.textContent?.includes("Not enough credits"),
      );
      expect(await page.textContent('[data-testid="top-up-link"]')).toBe("Top up");
    } finally {
      await page.close();
    }
  }, 60_000);
});
