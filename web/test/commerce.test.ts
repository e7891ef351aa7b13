// Commerce in Chromium against the real server: an operator adds a package and switches Stripe on in 系统设置; a tenant
// admin sees the announcement, buys the package, and the page shows the credits once the signed webhook lands; a
// WeChat order's code_url is drawn as a QR image, and a package with a validity lists its credits as expiring.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import type { Browser } from "playwright-core";
import QRCode from "qrcode";
import { createTenant } from "../../services/server/src/tenants/tenants";
import { addTenantUser } from "../../services/server/src/users/users";
import { type FakeStripe, startFakeStripe } from "../../services/server/test/fakes/stripe";
import { startFakeWechat, wechatSettingsFor } from "../../services/server/test/fakes/wechat";
import { PAY_QR_OPTIONS, svgDataUrl } from "../src/pages/credits/qr-image";
import { submitSignIn } from "./chromium";
import { closeBrowserPlatform, openBrowserPlatform, type Platform } from "./stack";

const OPERATOR_PASSWORD = "operator-password-123";
const PASSWORD = "admin-password-1";
let platform: Platform;
let browser: Browser;
let stripe: FakeStripe;

beforeAll(async () => {
  stripe = startFakeStripe();
  ({ platform, browser } = await openBrowserPlatform({ operator: { username: "ops", password: OPERATOR_PASSWORD } }));
}, 120_000);

afterAll(async () => {
  await closeBrowserPlatform(platform, browser);
  await stripe?.close();
});

const rows = async (sql: string, args: (string | number)[] = []) =>
  (await platform.db.$client.execute({ sql, args })).rows;

test("operator sets up a package and Stripe; a tenant admin buys it and sees the credits arrive", async () => {
  const ops = await browser.newPage();
  try {
    await ops.goto(`${platform.url}/admin`);
    await ops.fill('[data-testid="admin-login"] input[name="username"]', "ops");
    await ops.fill('[data-testid="admin-login"] input[name="password"]', OPERATOR_PASSWORD);
    await ops.click('[data-testid="admin-login"] button[type="submit"]');
    await ops.waitForSelector('[data-testid="admin-username"]');

    await ops.click('a[href="/admin/packages"]');
    await ops.fill('input[name="packageName"]', "Pro pack");
    await ops.selectOption('select[name="packageCurrency"]', "USD");
    await ops.fill('input[name="packagePrice"]', "1999");
    await ops.fill('input[name="packageCredits"]', "3000");
    await ops.fill('input[name="packageBonus"]', "300");
    await ops.click('[data-testid="package-form"] button[type="submit"]');
    await ops.waitForSelector('[data-testid="admin-packages"] td:has-text("Pro pack")');
    expect(await rows("SELECT name, price, currency, credits, bonus_credits FROM recharge_packages")).toMatchObject([
      { name: "Pro pack", price: 1999, currency: "USD", credits: 3000, bonus_credits: 300 },
    ]);

    await ops.click('a[href="/admin/settings"]');
    await ops.waitForSelector('[data-testid="settings-form"]');
    // The WeChat platform key says what leaving it empty does (certificates downloaded with the APIv3 key).
    const keyHint = await ops.getAttribute('textarea[name="wechat.platformPublicKey"]', "aria-describedby");
    expect(await ops.textContent(`[id="${keyHint?.split(" ")[0]}"]`)).toContain("自动下载");
    await ops.fill('textarea[name="site.announcement"]', "欢迎 — spring sale");
    await ops.fill('input[name="payments.publicBaseUrl"]', platform.url);
    await ops.check('input[name="stripe.enabled"]');
    await ops.fill('input[name="stripe.apiBase"]', stripe.apiBase);
    await ops.fill('textarea[name="stripe.secretKey"]', stripe.secretKey);
    await ops.fill('textarea[name="stripe.webhookSecret"]', stripe.webhookSecret);
    await ops.click('[data-testid="settings-form"] button[type="submit"]');
    await ops.waitForSelector('[data-testid="settings-saved"]');
    // The secret is sealed at rest and the page never shows it back.
    const stored = (await rows("SELECT value FROM platform_settings WHERE key = 'stripe'"))[0]?.value;
    expect(String(stored)).not.toContain(stripe.secretKey);
    expect(await ops.inputValue('textarea[name="stripe.secretKey"]')).toBe("");
    expect((await rows("SELECT action FROM admin_audit WHERE action = 'settings.update'")).length).toBe(1);
  } finally {
    await ops.close();
  }

  const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
  const { tenant, apiKey } = await createTenant(ctx, { name: "Harbour Films", credits: 0 });
  await addTenantUser(ctx, { tenantId: tenant.id, username: "ada", password: PASSWORD, admin: true });
  const page = await browser.newPage();
  try {
    await submitSignIn(page, platform.url, { apiKey, username: "ada", password: PASSWORD });
    await page.waitForURL("**/generate");
    await page.waitForSelector('[data-testid="announcement"]:has-text("spring sale")');
    await page.click('a[href="/credits"]');
    await page.waitForSelector('[data-testid="package-row"]:has-text("Pro pack")');
    expect(await page.textContent('[data-testid="package-row"]')).toContain("$19.99");
    await page.click('[data-testid="package-row"] button');
    await page.waitForSelector('[data-testid="order-status"][data-status="created"]');
    const session = [...stripe.sessions.values()][0];
    if (!session) throw new Error("no Checkout Session was created");
    expect(await page.getAttribute('[data-testid="order-pay-url"]', "href")).toBe(session.url);

    // The buyer pays on Stripe; Stripe posts the signed webhook to the server.
    stripe.pay(session.id);
    const event = stripe.event("checkout.session.completed", { id: session.id });
    const delivered = await fetch(`${platform.url}/payments/stripe/notify`, {
      method: "POST",
      headers: event.headers,
      body: event.body,
    });
    expect(delivered.status).toBe(200);
    await page.waitForSelector('[data-testid="order-status"][data-status="credited"]');
    await page.waitForSelector('[data-testid="credits"]:has-text("3300")');
    expect((await rows("SELECT credits FROM tenants WHERE id = ?", [tenant.id]))[0]?.credits).toBe(3300);
    expect(
      await rows("SELECT amount FROM credit_ledger WHERE tenant_id = ? AND kind = 'purchase'", [tenant.id]),
    ).toMatchObject([{ amount: 3300 }]);
  } finally {
    await page.close();
  }
}, 60_000);

test("a WeChat Native order shows its code_url as a QR image (qrcode's own SVG) and the link; expiring credits are listed", async () => {
  const wechat = startFakeWechat();
  try {
    const login = await fetch(`${platform.url}/admin/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "ops", password: OPERATOR_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const ops = (method: string, path: string, body: unknown) =>
      fetch(`${platform.url}/admin/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const configured = await ops("PATCH", "/settings", {
      payments: { publicBaseUrl: platform.url },
      wechat: wechatSettingsFor(wechat),
    });
    expect(configured.status).toBe(200);
    const pkg = await ops("POST", "/packages", {
      name: "Month pass",
      currency: "CNY",
      price: 4900,
      credits: 2000,
      bonusCredits: 0,
      validityDays: 30,
      sortOrder: -1,
    });
    expect(pkg.status).toBe(201);

    const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
    const { tenant, apiKey } = await createTenant(ctx, { name: "Lantern Studio", credits: 0 });
    await addTenantUser(ctx, { tenantId: tenant.id, username: "lin", password: PASSWORD, admin: true });
    const page = await browser.newPage();
    try {
      await submitSignIn(page, platform.url, { apiKey, username: "lin", password: PASSWORD });
      await page.waitForURL("**/generate");
      await page.click('a[href="/credits"]');
      await page.waitForSelector('[data-testid="package-row"]:has-text("Month pass")');
      await page.selectOption('[data-testid="provider"]', "wechat");
      await page.click('[data-testid="package-row"]:has-text("Month pass") button');
      await page.waitForSelector('[data-testid="order-qr-image"]');
      const trade = [...wechat.trades.values()][0];
      if (!trade) throw new Error("no WeChat trade was created");
      const codeUrl = (await rows("SELECT qr_code FROM orders WHERE id = ?", [trade.outTradeNo]))[0]?.qr_code;
      expect(String(codeUrl)).toStartWith("weixin://wxpay/bizpayurl?pr=");
      // The image is qrcode's own rendering of exactly that code_url, and the link stays there to copy.
      const img = await page.$eval('[data-testid="order-qr-image"]', (el) => ({
        tag: el.tagName,
        src: el.getAttribute("src") ?? "",
        width: (el as HTMLImageElement).naturalWidth,
      }));
      expect(img.tag).toBe("IMG");
      expect(img.src).toBe(svgDataUrl(await QRCode.toString(String(codeUrl), PAY_QR_OPTIONS)));
      expect(img.width).toBeGreaterThan(0);
      expect(await page.inputValue('[data-testid="order-qr-text"]')).toBe(String(codeUrl));

      wechat.pay(trade.outTradeNo);
      const n = wechat.notify(trade.outTradeNo);
      const delivered = await fetch(`${platform.url}/payments/wechat/notify`, {
        method: "POST",
        headers: n.headers,
        body: n.body,
      });
      expect(delivered.status).toBe(204);
      await page.waitForSelector('[data-testid="order-status"][data-status="credited"]');
      await page.waitForSelector('[data-testid="expiring-row"]');
      const grant = (await rows("SELECT remaining, expires_at FROM credit_grants WHERE tenant_id = ?", [tenant.id]))[0];
      expect(Number(grant?.remaining)).toBe(2000);
      expect(await page.getAttribute('[data-testid="expiring-row"]', "data-remaining")).toBe("2000");
      expect(await page.getAttribute('[data-testid="expiring-row"]', "data-expires")).toBe(
        new Date(Number(grant?.expires_at)).toISOString(),
      );
      expect(await page.textContent('[data-testid="expiring-credits"]')).toContain("2000");
    } finally {
      await page.close();
    }
  } finally {
    await wechat.close();
  }
}, 60_000);
