// The Midjourney page in Chromium against the real server and gateway, with a local midjourney-proxy: the operator
// configures the proxy key and a Discord account through the gateway's management API, a user imagines, sees the grid,
// presses U1 and sees the upscale, and the balance drops by exactly the imagine and upscale prices.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import type { Browser, Page } from "playwright-core";
import { type FakeMidjourney, startFakeMidjourney } from "../../services/gateway/test/fakes/midjourney";
import { seedMidjourneyModel } from "../../services/server/src/midjourney";
import { midjourneyModel } from "../../services/server/src/midjourney/catalogue";
import { addTenantUser } from "../../services/server/src/users/users";
import { launchChromium, submitSignIn } from "./chromium";
import { type Platform, startPlatform } from "./stack";

const IMAGINE_PRICE = midjourneyModel.price;
const UPSCALE_PRICE = Math.ceil(midjourneyModel.price * midjourneyModel.pricing.upscale);

let platform: Platform;
let fake: FakeMidjourney;
let browser: Browser;

async function gatewayAdmin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${platform.gatewayUrl}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${platform.gatewayAdminToken}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  platform = await startPlatform();
  fake = startFakeMidjourney();
  await seedMidjourneyModel(platform.db, Date.now());
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  fake?.stop();
  await platform?.stop();
});

/** The operator's set-up, once per file: the proxy key (its test-call must pass) and a Discord account. */
let setUp: Promise<void> | undefined;
function setUpMidjourney(): Promise<void> {
  setUp ??= (async () => {
    const key = await gatewayAdmin("POST", "/provider-keys", {
      provider: "midjourney",
      name: "proxy",
      secret: "mj-secret",
      baseUrl: fake.url,
    });
    expect(key.status).toBe(201);
    const { id: keyId } = (await key.json()) as { id: string };
    expect(await (await gatewayAdmin("POST", `/provider-keys/${keyId}/test`)).json()).toMatchObject({ ok: true });
    const account = await gatewayAdmin("POST", "/discord-accounts", {
      guildId: "900000000000000001",
      channelId: "1100000000000000011",
      userToken: "discord-user-token-browser",
      coreSize: 3,
      queueSize: 5,
    });
    expect(account.status).toBe(201);
  })();
  return setUp;
}

/** Signs in and imagines one prompt; resolves with the finished grid's card. */
async function imagine(page: Page, apiKey: string, username: string, password: string) {
  await submitSignIn(page, platform.url, { apiKey, username, password });
  await page.waitForURL("**/generate");
  await page.goto(`${platform.url}/midjourney`);
  await page.waitForSelector('select[name="model"] option[value="midjourney"]', { state: "attached" });
  await page.fill('textarea[name="prompt"]', "a grey owl at dusk");
  await page.click('button[type="submit"]');
  const grid = page.locator('[data-testid="mj-task-card"][data-status="succeeded"]').first();
  await grid.waitFor({ timeout: 60_000 });
  return grid;
}

describe("midjourney page in Chromium", () => {
  test("the operator's proxy key passes its test-call, then imagine → grid drawn → U1 → upscale drawn, billed 40 + 20", async () => {
    await setUpMidjourney();

    const { tenant, apiKey } = await platform.createTenantWithUser({
      name: "Fox Atelier",
      credits: 1000,
      username: "lin",
      password: "correct-horse-2",
    });
    const page = await browser.newPage();
    try {
      await page.goto(`${platform.url}/`);
      await page.waitForURL("**/login");
      await page.fill('input[name="apiKey"]', apiKey);
      await page.fill('input[name="username"]', "lin");
      await page.fill('input[name="password"]', "correct-horse-2");
      await page.click('button[type="submit"]');
      await page.waitForURL("**/generate");
      await page.goto(`${platform.url}/midjourney`);
      await page.waitForSelector("text=Midjourney 绘图");

      await page.waitForSelector('select[name="model"] option[value="midjourney"]', { state: "attached" });
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="mj-estimate"]')?.textContent?.includes(String(n)) === true,
        IMAGINE_PRICE,
      );
      await page.fill('textarea[name="prompt"]', "a red fox in snow");
      await page.click('button[type="submit"]');

      // The grid: a finished card whose image the browser really decoded.
      const grid = page.locator('[data-testid="mj-task-card"][data-status="succeeded"]');
      await grid.first().waitFor({ timeout: 60_000 });
      await page.waitForFunction(
        () => {
          const img = document.querySelector<HTMLImageElement>(
            '[data-testid="mj-task-card"][data-status="succeeded"] img[data-testid="mj-image"]',
          );
          return img?.complete && img.naturalWidth > 0;
        },
        undefined,
        { timeout: 15_000 },
      );
      expect(
        await page
          .locator('img[data-testid="mj-image"]')
          .first()
          .evaluate((el) => (el as HTMLImageElement).naturalWidth),
      ).toBe(64);
      const labels = await grid
        .first()
        .locator('[data-testid="mj-action"]')
        .evaluateAll((els) => els.map((el) => el.getAttribute("data-label")));
      expect(labels).toEqual(["U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", "🔄"]);
      expect(await grid.first().locator('[data-testid="mj-action"][data-label="U1"]').textContent()).toContain(
        String(UPSCALE_PRICE),
      );
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="credits"]')?.textContent === String(n),
        1000 - IMAGINE_PRICE,
      );
      expect(await platform.balance(tenant.id)).toBe(1000 - IMAGINE_PRICE);
      const imagineTaskId = await grid.first().getAttribute("data-task-id");

      await grid.first().locator('[data-testid="mj-action"][data-label="U1"]').click();
      // The upscale arrives as a new card on top and ends with its own image drawn.
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="mj-task-card"][data-status="succeeded"]').length === 2,
        undefined,
        { timeout: 60_000 },
      );
      await page.waitForFunction(
        () => {
          const imgs = [...document.querySelectorAll<HTMLImageElement>('img[data-testid="mj-image"]')];
          return imgs.length === 2 && imgs.every((img) => img.complete && img.naturalWidth > 0);
        },
        undefined,
        { timeout: 15_000 },
      );
      const cards = page.locator('[data-testid="mj-task-card"]');
      expect(await cards.nth(1).getAttribute("data-task-id")).toBe(imagineTaskId);
      expect(await cards.first().locator('[data-testid="mj-action"]').count()).toBe(0); // an upscale has no grid buttons
      expect(await cards.first().textContent()).toContain(String(UPSCALE_PRICE));

      const action = fake.requests.find((r) => r.path === "/mj/submit/action")!;
      expect((action.body as { customId: string }).customId).toMatch(/^MJ::JOB::upsample::1::hash-\d+$/);
      const expected = 1000 - IMAGINE_PRICE - UPSCALE_PRICE;
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="credits"]')?.textContent === String(n),
        expected,
      );
      expect(await platform.balance(tenant.id)).toBe(expected);
    } finally {
      await page.close();
    }
  }, 180_000);

  test("after an imagine leaves 30 credits, the 40-credit actions are disabled with the reason; the 20-credit upscale stays", async () => {
    await setUpMidjourney();
    const member = await platform.createTenantWithUser({
      name: "Owl Studio",
      credits: IMAGINE_PRICE + 30,
      username: "owl",
      password: "owl-password-1",
    });
    const page = await browser.newPage();
    try {
      const grid = await imagine(page, member.apiKey, "owl", "owl-password-1");
      await page.waitForFunction(() => document.querySelector('[data-testid="credits"]')?.textContent === "30");
      const short = grid.locator('[data-testid="mj-actions-short"]');
      await short.waitFor();
      // A member is told the price, the balance and to ask the team admin; no top-up link.
      expect(await short.textContent()).toContain("至少需要 40 积分，当前余额 30 积分");
      expect(await short.textContent()).toContain("请联系团队管理员充值");
      expect(await short.locator('[data-testid="top-up-link"]').count()).toBe(0);
      const state = await grid
        .locator('[data-testid="mj-action"]')
        .evaluateAll((els) => els.map((el) => [el.getAttribute("data-label"), (el as HTMLButtonElement).disabled]));
      expect(state).toEqual([
        ["U1", false],
        ["U2", false],
        ["U3", false],
        ["U4", false],
        ["V1", true],
        ["V2", true],
        ["V3", true],
        ["V4", true],
        ["🔄", true],
      ]);
      expect(await grid.locator('[data-testid="mj-action"][data-label="V1"]').getAttribute("title")).toContain("40");
      // A disabled action sends nothing, whatever is clicked.
      const actionsBefore = fake.requests.filter((r) => r.path === "/mj/submit/action").length;
      await grid.locator('[data-testid="mj-action"][data-label="V1"]').click({ force: true });
      await Bun.sleep(300);
      expect(fake.requests.filter((r) => r.path === "/mj/submit/action").length).toBe(actionsBefore);
      expect(await platform.balance(member.tenant.id)).toBe(30);

      // The same card in English, read by a tenant admin (the page lists the tenant's recent jobs): the top-up link.
      await addTenantUser(
        { db: platform.db, clock: systemClock, ids: randomIds },
        { tenantId: member.tenant.id, username: "owl-boss", password: "owl-password-2", admin: true },
      );
      const adminPage = await browser.newPage();
      try {
        await submitSignIn(adminPage, platform.url, {
          apiKey: member.apiKey,
          username: "owl-boss",
          password: "owl-password-2",
        });
        await adminPage.waitForURL("**/generate");
        await adminPage.selectOption('[data-testid="language-switch"]', "en");
        await adminPage.goto(`${platform.url}/midjourney`);
        const card = adminPage.locator('[data-testid="mj-task-card"][data-status="succeeded"]').first();
        const adminShort = card.locator('[data-testid="mj-actions-short"]');
        await adminShort.waitFor();
        await adminPage.waitForSelector('[data-testid="mj-actions-short"] [data-testid="top-up-link"]');
        expect(await adminShort.textContent()).toContain("they need 40 credits or more, the balance is 30");
        expect(await card.locator('[data-testid="mj-action"][data-label="V2"]').isDisabled()).toBe(true);
        expect(await card.locator('[data-testid="mj-action"][data-label="U2"]').isDisabled()).toBe(false);
      } finally {
        await adminPage.close();
      }
    } finally {
      await page.close();
    }
  }, 120_000);
});
