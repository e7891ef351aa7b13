// History in Chromium: generated work stays reachable (thumbnail, player, prompt, model, cost, download) after leaving the
// page; a member sees their own work, a tenant admin everyone's with who made it, filtered by user and type.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import type { Browser, Page } from "playwright-core";
import { signFileUrl } from "../../services/gateway/src/storage/signed-url";
import { holdCredits, releaseHold } from "../../services/server/src/billing/ledger";
import { createTenant } from "../../services/server/src/tenants/tenants";
import { addTenantUser } from "../../services/server/src/users/users";
import { launchChromium, submitSignIn } from "./chromium";
import { type Platform, startPlatform } from "./stack";

const PASSWORD = "history-password-1";
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

async function apiToken(apiKey: string, username: string): Promise<string> {
  const res = await fetch(`${platform.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ apiKey, username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function post(token: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${platform.url}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function signIn(page: Page, apiKey: string, username: string) {
  await submitSignIn(page, platform.url, { apiKey, username, password: PASSWORD });
  await page.waitForURL("**/generate");
}

/** Every visible thumbnail has loaded real pixels (a broken link has naturalWidth 0). */
const thumbnailsLoaded = () =>
  [...document.querySelectorAll<HTMLImageElement>('[data-testid="history-row"] img')].every(
    (img) => img.complete && img.naturalWidth > 0,
  );

describe("History in Chromium", () => {
  test("a member's image, made on the generate page, is still there in History with its thumbnail, prompt, model, cost and download", async () => {
    const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
    const { tenant, apiKey } = await createTenant(ctx, { name: "Kite Studio", credits: 1000 });
    await addTenantUser(ctx, { tenantId: tenant.id, username: "max", password: PASSWORD });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await signIn(page, apiKey, "max");
      await page.waitForSelector('select[name="model"] option[value="sandbox-image"]', { state: "attached" });
      await page.fill('textarea[name="prompt"]', "a red kite over the harbour");
      await page.selectOption('select[name="n"]', "2");
      await page.click('button[type="submit"]');
      await page.locator('img[data-testid="generated-image"]').nth(1).waitFor({ timeout: 30_000 });

      // Leave the page: the images are gone from it, and History has them.
      await page.click('a[href="/history"]');
      const row = page.locator('[data-testid="history-row"]').first();
      await row.waitFor();
      expect(await row.locator('[data-testid="history-prompt"]').textContent()).toBe("a red kite over the harbour");
      const text = (await row.textContent()) ?? "";
      expect(text).toContain("图片生成");
      expect(text).toContain("sandbox-image");
      const charged = 1000 - (await platform.balance(tenant.id));
      expect(charged).toBeGreaterThan(0);
      expect(await row.locator("td.num").textContent()).toBe(String(charged));
      await page.waitForFunction(thumbnailsLoaded, undefined, { timeout: 15_000 });
      expect(await row.locator("img").count()).toBe(2);
      // Thumbnails are thumbnails: small squares beside each other, not 512 px images stretching the row.
      const boxes = await row.locator("img").evaluateAll((els) => els.map((el) => el.getBoundingClientRect()));
      for (const box of boxes) expect([Math.round(box.width), Math.round(box.height)]).toEqual([88, 88]);
      expect(boxes[1]!.top).toBe(boxes[0]!.top);
      // The download link fetches the stored PNG.
      const href = (await row.locator('[data-testid="result-download"]').first().getAttribute("href")) ?? "";
      const file = await fetch(href);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("image/png");
      // A member has no user column: the page is theirs alone.
      expect(await page.locator('select[name="userId"]').count()).toBe(0);

      await page.selectOption('[data-testid="language-switch"]', "en");
      await page.waitForSelector("text=Usage history");
      expect(await row.textContent()).toContain("Image generation");
      expect(await row.locator('[data-testid="result-download"]').first().textContent()).toBe("Download");
    } finally {
      await page.close();
    }
  }, 90_000);

  test("a tenant admin sees everyone's work with who made it, plays speech in place, and filters by user and type", async () => {
    const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
    const { tenant, apiKey } = await createTenant(ctx, { name: "Harbour Sound", credits: 1000 });
    const ada = await addTenantUser(ctx, { tenantId: tenant.id, username: "ada", password: PASSWORD, admin: true });
    await addTenantUser(ctx, { tenantId: tenant.id, username: "bob", password: PASSWORD });
    const bo = await apiToken(apiKey, "bob");
    await post(bo, "/images/generations", { model: "sandbox-image", prompt: "bob's lighthouse", size: "256x256" });
    await post(await apiToken(apiKey, "ada"), "/audio/speech", {
      model: "sandbox-tts",
      input: "ada says good morning",
      voice: "alloy",
      waule_response: "url",
    });
    // Bob, signed in elsewhere, sees only his own work.
    const boHistory = (await (
      await fetch(`${platform.url}/api/v1/usage`, { headers: { authorization: `Bearer ${bo}` } })
    ).json()) as { total: number };
    expect(boHistory.total).toBe(1);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await signIn(page, apiKey, "ada");
      await page.click('a[href="/history"]');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-row"]').length === 2);
      expect(await page.locator('[data-testid="history-user"]').allTextContents()).toEqual(["ada", "bob"]);
      const speechRow = page.locator('[data-testid="history-row"][data-operation="audio.speech"]');
      expect(await speechRow.locator('[data-testid="history-prompt"]').textContent()).toBe("ada says good morning");
      const audio = speechRow.locator("audio");
      expect(await audio.count()).toBe(1);
      // The player's source is the stored audio itself.
      const src = (await audio.getAttribute("src")) ?? "";
      const stored = await fetch(src);
      expect(stored.status).toBe(200);
      expect(stored.headers.get("content-type")).toMatch(/^audio\//);

      await page.waitForSelector(`select[name="userId"] option[value="${ada.id}"]`, { state: "attached" });
      await page.selectOption('select[name="userId"]', ada.id);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-row"]').length === 1);
      expect(await page.locator('[data-testid="history-user"]').allTextContents()).toEqual(["ada"]);
      await page.selectOption('select[name="userId"]', "");
      await page.selectOption('select[name="operation"]', "image.generation");
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="history-row"]').length === 1 &&
          document.querySelector('[data-testid="history-user"]')?.textContent === "bob",
      );
      await page.waitForFunction(thumbnailsLoaded, undefined, { timeout: 15_000 });
    } finally {
      await page.close();
    }
  }, 90_000);

  test("the team ledger reads one line per call, with the model and operation in words, and every kind translated", async () => {
    const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
    const { tenant, apiKey } = await createTenant(ctx, { name: "Ledger Works", credits: 500 });
    await addTenantUser(ctx, { tenantId: tenant.id, username: "ada", password: PASSWORD, admin: true });
    await post(await apiToken(apiKey, "ada"), "/images/generations", {
      model: "sandbox-image",
      prompt: "ledger kite",
      size: "64x64",
      n: 2,
    });
    const books = { db: platform.db, now: Date.now() };
    await releaseHold(
      books,
      (await holdCredits(books, { tenantId: tenant.id, holdId: `hold_${tenant.id}`, amount: 40, requestId: null }))
        .holdId,
    );
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await signIn(page, apiKey, "ada");
      await page.click('[data-testid="nav-team"]');
      await page.click('[data-testid="tab-ledger"]');
      const lines = page.locator('[data-testid="ledger-line"]');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="ledger-line"]').length === 3);
      // Five ledger rows (opening, hold, settle, hold, release) read as three lines.
      expect(
        Number(
          (
            await platform.db.$client.execute({
              sql: "SELECT COUNT(*) AS n FROM credit_ledger WHERE tenant_id = ?",
              args: [tenant.id],
            })
          ).rows[0]?.n,
        ),
      ).toBe(5);
      const [refunded, image, opening] = await lines.evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? "")),
      );
      expect(image?.slice(1, 5)).toEqual(["图片生成 · Sandbox image", "已扣费", "-20（预扣 20）", "480"]);
      expect(refunded?.slice(1, 5)).toEqual(["调用", "失败，已全额退还", "0（预扣 40）", "480"]);
      expect(opening?.[1]).toBe("充值");
      expect(opening?.[3]).toBe("+500");
      await page.selectOption('[data-testid="language-switch"]', "en");
      await page.waitForFunction(() => document.body.textContent?.includes("Failed, fully refunded"));
      expect(await lines.nth(1).textContent()).toContain("Image generation · Sandbox image");
      expect(await lines.nth(1).textContent()).toContain("Charged");
    } finally {
      await page.close();
    }
  }, 90_000);

  test("an image whose stored link expired long ago still shows and downloads; another tenant's History has none of it", async () => {
    const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
    const { tenant, apiKey } = await createTenant(ctx, { name: "Old Works", credits: 1000 });
    await addTenantUser(ctx, { tenantId: tenant.id, username: "old", password: PASSWORD });
    await post(await apiToken(apiKey, "old"), "/images/generations", {
      model: "sandbox-image",
      prompt: "an image from last month",
      size: "64x64",
    });
    // Make the stored link what it would be a month on: signed, for the same key, with an expiry 23 days past.
    const rs = await platform.db.$client.execute({
      sql: "SELECT id, metadata FROM usage_records WHERE tenant_id = ?",
      args: [tenant.id],
    });
    const usageId = String(rs.rows[0]?.id);
    const metadata = JSON.parse(String(rs.rows[0]?.metadata)) as {
      fileKeys: string[];
      files: { url: string; mimeType: string }[];
    };
    const key = metadata.fileKeys[0]!;
    const oldUrl = signFileUrl({
      baseUrl: platform.gatewayUrl,
      secret: platform.urlSigningSecret,
      key,
      expiresSeconds: Math.floor(Date.now() / 1000) - 23 * 24 * 3600,
    });
    metadata.files[0]!.url = oldUrl;
    await platform.db.$client.execute({
      sql: "UPDATE usage_records SET metadata = ? WHERE id = ?",
      args: [JSON.stringify(metadata), usageId],
    });
    const expired = await fetch(oldUrl);
    expect(expired.status).toBe(403);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await signIn(page, apiKey, "old");
      await page.click('a[href="/history"]');
      const row = page.locator('[data-testid="history-row"]').first();
      await row.waitFor();
      await page.waitForFunction(thumbnailsLoaded, undefined, { timeout: 15_000 });
      const src = (await row.locator("img").getAttribute("src")) ?? "";
      expect(src).not.toBe(oldUrl);
      expect(decodeURIComponent(new URL(src).pathname)).toBe(`/files/${key}`);
      const href = (await row.locator('[data-testid="result-download"]').getAttribute("href")) ?? "";
      const file = await fetch(href);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("image/png");
    } finally {
      await page.close();
    }

    // Another tenant's member: an empty History, nothing that leads to this file.
    const other = await createTenant(ctx, { name: "Elsewhere", credits: 10 });
    await addTenantUser(ctx, { tenantId: other.tenant.id, username: "eve", password: PASSWORD });
    const theirs = (await (
      await fetch(`${platform.url}/api/v1/usage`, {
        headers: { authorization: `Bearer ${await apiToken(other.apiKey, "eve")}` },
      })
    ).json()) as { total: number; data: unknown[] };
    expect(theirs.total).toBe(0);
    expect(JSON.stringify(theirs)).not.toContain(key);
  }, 90_000);
});
