// Capability gating in Chromium: a tenant whose models cover only chat sees no image, video or speech links, and those
// pages, reached by address, say why in the reader's role and language (a member asks their admin, a tenant admin asks
// the platform) with no form and no set-up steps; the operator's dashboard names what is missing and how to set it up.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import type { Browser, Page } from "playwright-core";
import { tenantModels } from "../../db/src/server";
import { createAdmin } from "../../services/server/src/admin/admins";
import { addTenantUser } from "../../services/server/src/users/users";
import { launchChromium, submitSignIn } from "./chromium";
import { type Platform, startPlatform } from "./stack";

let platform: Platform;
let browser: Browser;
let apiKey: string;
const SETUP_WORDS = /gateway|网关|discord|provider|服务商|模型与价格|Models & prices|\/api\//i;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchChromium();
  const created = await platform.createTenantWithUser({
    name: "Chat Only",
    credits: 100,
    username: "member1",
    password: "member-password-1",
  });
  apiKey = created.apiKey;
  const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
  await addTenantUser(ctx, {
    tenantId: created.tenant.id,
    username: "boss1",
    password: "boss-password-1",
    admin: true,
  });
  // The tenant's own model list holds only the chat model: images, video and speech have none for it.
  await platform.db
    .insert(tenantModels)
    .values({ tenantId: created.tenant.id, modelId: "sandbox-chat", createdAt: new Date() });
  await createAdmin(ctx, { username: "ops", password: "operator-password-1", role: "owner" });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function gatedNotice(page: Page, path: string, capability: string): Promise<string> {
  await page.goto(`${platform.url}${path}`);
  const notice = page.locator(`[data-testid="capability-unavailable"][data-capability="${capability}"]`);
  await notice.waitFor();
  expect(await notice.getAttribute("data-reason")).toBe("no_models");
  expect(await page.locator('textarea[name="prompt"], textarea[name="text"], button[type="submit"]').count()).toBe(0);
  return (await notice.textContent()) ?? "";
}

describe("capability gating in Chromium", () => {
  test("a member: only chat in the nav; image, video and speech pages say to ask the team admin (zh-CN, then English)", async () => {
    const page = await browser.newPage();
    try {
      await submitSignIn(page, platform.url, { apiKey, username: "member1", password: "member-password-1" });
      await page.waitForURL("**/generate");
      await page.waitForSelector('[data-testid="nav-chat"]');
      // The links go once the capabilities are read (until then an unknown one counts as offered): a link that
      // never goes times the wait out.
      for (const hidden of ["nav-generate", "nav-video", "nav-speech", "nav-midjourney"]) {
        await page.locator(`[data-testid="${hidden}"]`).waitFor({ state: "detached", timeout: 10_000 });
      }
      const image = await gatedNotice(page, "/generate", "image");
      expect(image).toContain("此功能");
      expect(image).toContain("请联系您的团队管理员");
      expect(image).not.toMatch(SETUP_WORDS);
      const video = await gatedNotice(page, "/video", "video");
      expect(video).toContain("请联系您的团队管理员");
      // The notice points to what the member does have: chat only, reachable in one click.
      const elsewhere = page.locator('[data-testid="capability-elsewhere"] a');
      expect(await elsewhere.evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(["/chat"]);
      await elsewhere.click();
      await page.waitForSelector('textarea[name="message"]');

      await page.selectOption('[data-testid="language-switch"]', "en");
      const speech = await gatedNotice(page, "/speech", "speech");
      expect(speech).toContain("Ask your team administrator");
      expect(speech).not.toMatch(SETUP_WORDS);
      // Chat is offered: its page has its form, not the notice.
      await page.goto(`${platform.url}/chat`);
      await page.waitForSelector('textarea[name="message"]');
      expect(await page.locator('[data-testid="capability-unavailable"]').count()).toBe(0);
    } finally {
      await page.close();
    }
  }, 60_000);

  test("a tenant admin is told to contact the platform; the operator's dashboard says what to set up", async () => {
    const page = await browser.newPage();
    try {
      await submitSignIn(page, platform.url, { apiKey, username: "boss1", password: "boss-password-1" });
      await page.waitForURL("**/generate");
      await page.waitForSelector('[data-testid="nav-chat"]');
      // The role is read after sign-in; the notice follows it.
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="capability-unavailable"]')?.textContent?.includes("请联系平台开通"),
      );
      const video = await gatedNotice(page, "/video", "video");
      expect(video).toContain("请联系平台开通");
      expect(video).not.toContain("团队管理员");
      expect(video).not.toMatch(SETUP_WORDS);

      // The operator: Midjourney has no enabled model on this platform, and the dashboard says where to add one.
      await page.goto(`${platform.url}/admin`);
      await page.fill('[data-testid="admin-login"] input[name="username"]', "ops");
      await page.fill('[data-testid="admin-login"] input[name="password"]', "operator-password-1");
      await page.click('[data-testid="admin-login"] button[type="submit"]');
      const hint = page.locator('[data-testid="setup-hint"][data-capability="midjourney"]');
      await hint.waitFor();
      expect(await hint.getAttribute("data-reason")).toBe("no_models");
      expect(await hint.textContent()).toContain("模型与价格");
      // Image, video and speech have enabled models platform-wide (one tenant's list does not make them missing).
      expect(await page.locator('[data-testid="setup-hint"][data-capability="image"]').count()).toBe(0);
      await page.selectOption('[data-testid="language-switch"]', "en");
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="setup-hints"]')?.textContent?.includes("Models & prices"),
      );
    } finally {
      await page.close();
    }
  }, 60_000);
});
