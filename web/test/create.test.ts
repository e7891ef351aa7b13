// The creation pages in a real browser against the real server and gateway: chat streaming, speech, video tasks, the task list, languages.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, submitSignIn } from "./chromium";
import { createTokenGate, gatedSandboxRegistry } from "./gated-sandbox";
import { type Platform, startPlatform } from "./stack";

const START_CREDITS = 1000;
// A 1×1 PNG, uploaded as the first frame of a video.
const PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

const gate = createTokenGate();
let platform: Platform;
let browser: Browser;
let page: Page;
let tenantId: string;

/** The header's balance, once it settles on the stored one (the page re-reads /me after each billed call). */
async function headerMatchesDatabase(): Promise<number> {
  const stored = await platform.balance(tenantId);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="credits"]')?.textContent === String(n),
    stored,
    { timeout: 10_000 },
  );
  return stored;
}

async function open(path: string, heading: string) {
  await page.click(`nav a[href="${path}"]`);
  await page.waitForURL(`**${path}`);
  await page.waitForSelector(`h1:has-text("${heading}")`);
}

beforeAll(async () => {
  platform = await startPlatform({ providers: gatedSandboxRegistry(gate) });
  const created = await platform.createTenantWithUser({
    name: "Harbour Films",
    credits: START_CREDITS,
    username: "zhou",
    password: "correct-horse-9",
  });
  tenantId = created.tenant.id;
  browser = await launchChromium();
  page = await browser.newPage();
  await submitSignIn(page, platform.url, { apiKey: created.apiKey, username: "zhou", password: "correct-horse-9" });
  await page.waitForURL("**/generate");
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="credits"]')?.textContent === String(n),
    START_CREDITS,
  );
}, 120_000);

afterAll(async () => {
  gate.openAll(); // no sandbox token left waiting on a test that failed halfway
  await browser?.close();
  await platform?.stop();
});

describe("creation pages in Chromium", () => {
  test("chat renders the sandbox answer token by token as it streams, then shows the cost and the lower balance", async () => {
    await open("/chat", "对话");
    await page.waitForSelector('select[name="model"] option[value="sandbox-chat"]', { state: "attached" });
    await page.fill('textarea[name="message"]', "Tell me about lighthouses");
    await page.click('[data-testid="chat-send"]');

    const answer = page.locator('[data-role="assistant"] [data-testid="assistant-text"]').last();
    const textNow = () => answer.evaluate((el) => el.textContent ?? "");
    // One token at a time: each must be on screen while the next one is still held back upstream.
    gate.allow(1);
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-role="assistant"] [data-testid="assistant-text"]')?.textContent ?? "").length >
        0,
    );
    const first = await textNow();
    expect(await page.locator('[data-testid="chat-stop"]').isVisible()).toBe(true);
    gate.allow(1);
    await page.waitForFunction(
      (n) =>
        (document.querySelector('[data-role="assistant"] [data-testid="assistant-text"]')?.textContent ?? "").length >
        n,
      first.length,
    );
    const second = await textNow();
    expect(second.startsWith(first)).toBe(true);
    expect(await page.locator('[data-role="assistant"]').last().getAttribute("data-state")).toBe("streaming");

    gate.openAll();
    await page.waitForSelector('[data-role="assistant"][data-state="done"]', { timeout: 20_000 });
    const full = await textNow();
    expect(full.startsWith(second)).toBe(true);
    expect(full.length).toBeGreaterThan(second.length);

    const cost = await page.locator('[data-testid="chat-credits-used"]').textContent();
    const balance = await headerMatchesDatabase();
    expect(balance).toBeLessThan(START_CREDITS);
    expect(cost).toContain(`${START_CREDITS - balance}`);
    gate.close();
  }, 60_000);

  test("chat's Stop ends the answer where it was and the bill covers only what was produced", async () => {
    const before = await platform.balance(tenantId);
    await page.fill('textarea[name="message"]', "And about harbours?");
    await page.click('[data-testid="chat-send"]');
    gate.allow(1);
    await page.waitForFunction(() => {
      const last = [...document.querySelectorAll('[data-role="assistant"] [data-testid="assistant-text"]')].at(-1);
      return (last?.textContent ?? "").length > 0;
    });
    await page.click('[data-testid="chat-stop"]');
    await page.waitForSelector('[data-role="assistant"][data-state="stopped"]');
    await page.waitForSelector('[data-testid="chat-send"]');
    expect(await page.locator('[data-role="assistant"]').count()).toBe(2);
    // The server settles the stopped stream for what it produced (at least a credit for the prompt); the header follows.
    await page.waitForSelector('[data-testid="chat-credits-used"]');
    while ((await platform.openHolds(tenantId)) > 0) await Bun.sleep(20);
    const after = await headerMatchesDatabase();
    expect(after).toBeLessThan(before);
    expect(await page.textContent('[data-testid="chat-credits-used"]')).toContain(String(before - after));
    gate.openAll();
  }, 60_000);

  test("speech counts characters, estimates the price, and plays the stored audio", async () => {
    const before = await platform.balance(tenantId);
    await open("/speech", "语音合成");
    await page.waitForSelector('select[name="model"] option[value="sandbox-tts"]', { state: "attached" });
    await page.fill('textarea[name="input"]', "你好，Waule 😀");
    expect(await page.textContent('[data-testid="speech-characters"]')).toContain("10 / 4096");
    expect(await page.textContent('[data-testid="speech-estimate"]')).toMatch(/预计消耗 2 积分/); // 2 credits per started 1K characters
    await page.selectOption('select[name="format"]', "wav");
    await page.click('button[type="submit"]');

    const audio = page.locator('[data-testid="speech-audio"]');
    await audio.waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      () => {
        const el = document.querySelector<HTMLAudioElement>('[data-testid="speech-audio"]');
        return !!el && el.readyState >= 2 && el.duration > 0;
      },
      undefined,
      { timeout: 15_000 },
    );
    const src = await audio.getAttribute("src");
    expect(await page.getAttribute('[data-testid="speech-download"]', "href")).toBe(src);
    const response = await fetch(src!);
    expect(response.headers.get("content-type")).toContain("audio/wav");
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 4)
        .toString("ascii"),
    ).toBe("RIFF");
    expect(await page.textContent('[data-testid="speech-credits-used"]')).toContain("本次消耗 2 积分");
    expect(await headerMatchesDatabase()).toBe(before - 2);
  }, 60_000);

  test("video: the submitted task follows live to succeeded and its clip plays; the hold shows in the balance", async () => {
    const before = await platform.balance(tenantId);
    await open("/video", "生成视频");
    await page.waitForSelector('select[name="model"] option[value="sandbox-video"]', { state: "attached" });
    await page.fill('textarea[name="prompt"]', "waves breaking on black rocks");
    await page.selectOption('select[name="duration"]', "3");
    await page.selectOption('select[name="resolution"]', "480p");
    expect(await page.textContent('[data-testid="video-estimate"]')).toContain("15"); // 5 credits per second × 3 s
    await page.click('button[type="submit"]');

    const card = page.locator('[data-testid="task-card"]').first();
    await card.waitFor();
    await card.locator('[data-status="succeeded"]').waitFor({ timeout: 30_000 });
    expect(await card.locator('[data-testid="task-progress"]').getAttribute("aria-valuenow")).toBe("100");
    await page.waitForFunction(
      () => {
        const el = document.querySelector<HTMLVideoElement>('[data-testid="task-card"] [data-testid="task-video"]');
        return !!el && el.readyState >= 1 && el.videoWidth > 0;
      },
      undefined,
      { timeout: 15_000 },
    );
    expect(await headerMatchesDatabase()).toBe(before - 15);
  }, 60_000);

  test("video with an uploaded first frame, then the task list filters and sorts both tasks", async () => {
    await page.fill('textarea[name="prompt"]', "the same shore at night");
    await page.setInputFiles('.frame-input input[type="file"]', {
      name: "frame.png",
      mimeType: "image/png",
      buffer: PIXEL_PNG,
    });
    await page.waitForSelector(".frame-preview img");
    await page.selectOption('select[name="duration"]', "3");
    await page.click('button[type="submit"]');
    await page.locator('[data-testid="task-card"]').nth(1).waitFor();
    const newest = await page.locator('[data-testid="task-card"]').first().getAttribute("data-task-id");
    await page
      .locator('[data-testid="task-card"]')
      .first()
      .locator('[data-status="succeeded"]')
      .waitFor({ timeout: 30_000 });

    await open("/tasks", "任务");
    const rows = page.locator('[data-testid="task-row"]');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.first().getAttribute("data-task-id")).toBe(newest); // newest first by default
    await page.click('[data-testid="tasks-sort"]');
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="task-row"]')?.getAttribute("data-task-id") !== id,
      newest,
    );
    expect(await rows.last().getAttribute("data-task-id")).toBe(newest);

    await page.selectOption('select[name="status"]', "failed");
    await page.waitForSelector('[data-testid="tasks-table"] td:has-text("暂无任务")');
    await page.selectOption('select[name="status"]', "succeeded");
    await rows.nth(1).waitFor();
    expect(await page.locator('[data-testid="task-row"] [data-status="succeeded"]').count()).toBe(2);
  }, 60_000);

  test("switching to English translates the new pages", async () => {
    await page.selectOption('[data-testid="language-switch"]', "en");
    await page.waitForSelector('h1:has-text("Tasks")');
    expect(await page.textContent("nav")).toContain("Speech");
    await open("/chat", "Chat");
    expect(await page.textContent('[data-testid="chat-send"]')).toBe("Send");
    await open("/speech", "Text to speech");
    await open("/video", "Generate video");
    // The task list loads after the heading: wait for its rows rather than reading "Loading…".
    await page.locator(".results", { hasText: "Succeeded" }).waitFor({ timeout: 15_000 });
    expect(await page.textContent(".results")).toContain("Succeeded");
    await page.selectOption('[data-testid="language-switch"]', "zh-CN");
    await page.waitForSelector('h1:has-text("生成视频")');
  }, 60_000);
});
