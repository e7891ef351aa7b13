// The API reference at /docs in a real browser: the page the server serves renders the generated OpenAPI document.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium";
import { type Platform, startPlatform } from "./stack";

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

describe("API reference in Chromium", () => {
  test("/docs shows the Waule API with its operations (not the web app's index page)", async () => {
    const page = await browser.newPage();
    try {
      const failed: string[] = [];
      page.on("requestfailed", (r) => failed.push(r.url()));
      await page.goto(`${platform.url}/docs`);
      // The first group is open: its operations, their request fields (from the zod schemas) and the answers.
      await page.getByText("Sign a tenant user in", { exact: false }).first().waitFor({ timeout: 30_000 });
      const text = (await page.textContent("body")) ?? "";
      expect(text).toContain("Waule API");
      expect(text).toContain("OpenAPI 3.1.0");
      for (const group of ["Images", "Chat", "Speech", "Videos", "Midjourney", "Tasks", "Tenant administration"]) {
        expect(text).toContain(group);
      }
      expect(text).toContain("apiKey"); // the first operation's request fields, from the zod schema
      expect(text).not.toContain("生成图片"); // the SPA's index.html would say this
      // Nothing came from outside: the script is the installed package's, served by the server.
      expect(failed.filter((u) => !u.startsWith(platform.url))).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
