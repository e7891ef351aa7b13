// Tenant self-service in Chromium against the real server: an admin manages users, keys and reads the ledger; a member sees none of it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import type { Browser, Page } from "playwright-core";
import { createTenant } from "../../services/server/src/tenants/tenants";
import { addTenantUser } from "../../services/server/src/users/users";
import { launchChromium, submitSignIn } from "./chromium";
import { type Platform, startPlatform } from "./stack";

const PASSWORD = "admin-password-1";

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
  await page.waitForURL("**/generate");
}

/** What the server answers to a bare API-key call: proves a key shown on the page works (or no longer does). */
async function meStatus(key: string): Promise<number> {
  return (await fetch(`${platform.url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status;
}

async function query(sql: string, args: (string | number)[]) {
  return (await platform.db.$client.execute({ sql, args })).rows;
}

describe("team & settings in Chromium", () => {
  test("an admin adds a user (seats go up), creates a key shown once, rotates it, and reads the ledger; the new member sees no admin area", async () => {
    const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
    const { tenant, apiKey } = await createTenant(ctx, { name: "Harbour Films", credits: 1000, maxUsers: 3 });
    await addTenantUser(ctx, { tenantId: tenant.id, username: "ada", password: PASSWORD, admin: true });

    const page = await browser.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    try {
      await signIn(page, apiKey, "ada", PASSWORD);
      await page.click('[data-testid="nav-team"]');
      await page.waitForURL("**/team");
      await page.waitForSelector('[data-testid="users-table"] [data-testid="user-ada"]');
      expect(await page.textContent('[data-testid="seats"]')).toContain("1 / 共 3");

      // Users: create one; the seat count follows the database.
      await page.fill('input[name="newUsername"]', "bo_member");
      await page.fill('input[name="newNickname"]', "Bo");
      await page.fill('input[name="newPassword"]', "member-password-1");
      await page.click('[data-testid="create-user"] button[type="submit"]');
      await page.waitForSelector('[data-testid="user-bo_member"]');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="seats"]')?.textContent?.includes("2 / 共 3"),
      );
      const stored = await query(
        "SELECT role, is_active, nickname FROM tenant_users WHERE tenant_id = ? AND username = ?",
        [tenant.id, "bo_member"],
      );
      expect(stored.map((r) => [r.role, Number(r.is_active), r.nickname])).toEqual([["member", 1, "Bo"]]);

      // Keys: create one, shown once, and it works.
      await page.click('[data-testid="tab-keys"]');
      await page.fill('input[name="keyName"]', "ci-runner");
      await page.click('[data-testid="create-key"] button[type="submit"]');
      const created = (await page.textContent('[data-testid="new-key-value"]'))?.trim() ?? "";
      expect(created).toMatch(/^wk_live_[A-Za-z0-9]{32}$/);
      expect(await meStatus(created)).toBe(200);
      await page.click('[data-testid="new-key"] button.ghost');
      await page.waitForSelector('[data-testid="new-key"]', { state: "detached" });
      expect(await page.content()).not.toContain(created); // gone from the page once dismissed
      const ciRow = page.locator('[data-testid="keys-table"] tbody tr', { hasText: "ci-runner" });
      expect(await ciRow.textContent()).toContain(created.slice(0, 12));

      // Rotate it: the old key stops at once, the new one (shown once) works.
      await ciRow.locator('[data-testid="rotate-key"]').click();
      await page.waitForSelector('[data-testid="new-key-value"]');
      const rotated = (await page.textContent('[data-testid="new-key-value"]'))?.trim() ?? "";
      expect(rotated).toMatch(/^wk_live_[A-Za-z0-9]{32}$/);
      expect(rotated).not.toBe(created);
      expect(await meStatus(created)).toBe(401);
      expect(await meStatus(rotated)).toBe(200);
      await page.waitForSelector('[data-testid="keys-table"] tr[data-revoked="true"]');
      const keys = await query(
        "SELECT name, revoked_at IS NULL AS live FROM tenant_api_keys WHERE tenant_id = ? ORDER BY created_at, id",
        [tenant.id],
      );
      expect(
        keys
          .filter((k) => k.name === "ci-runner")
          .map((k) => Number(k.live))
          .sort(),
      ).toEqual([0, 1]);

      // Ledger: the opening recharge, with the balance after it.
      await page.click('[data-testid="tab-ledger"]');
      const first = page.locator('[data-testid="ledger-table"] tbody tr').first();
      await first.locator("text=opening balance").waitFor();
      expect(await first.textContent()).toContain("+1000");
      expect(await page.textContent('[data-testid="ledger-pages"]')).toContain("1");
      await page.selectOption('select[name="ledgerKind"]', "hold");
      await page.waitForSelector('[data-testid="ledger-table"] tbody td.center');
    } finally {
      await page.close();
    }

    // The member just created signs in with the tenant's default key: no admin area, only their account.
    const member = await browser.newPage();
    try {
      await signIn(member, apiKey, "bo_member", "member-password-1");
      await member.waitForSelector('[data-testid="nav-account"][data-can-manage="false"]');
      expect(await member.locator('[data-testid="nav-team"]').count()).toBe(0);
      await member.goto(`${platform.url}/team`);
      await member.waitForSelector('[data-testid="team-forbidden"]');
      expect(await member.locator('[data-testid="users-table"]').count()).toBe(0);
    } finally {
      await member.close();
    }
  }, 120_000);

  test("a member changes their own password: a wrong current one is refused, then only the new one signs in", async () => {
    const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
    const { tenant, apiKey } = await createTenant(ctx, { name: "Quay Audio", credits: 100 });
    await addTenantUser(ctx, { tenantId: tenant.id, username: "moe", password: "member-password-1" });
    const page = await browser.newPage();
    try {
      await signIn(page, apiKey, "moe", "member-password-1");
      await page.click('[data-testid="nav-account"]');
      await page.waitForURL("**/settings");
      await page.fill('input[name="oldPassword"]', "not-my-password");
      await page.fill('input[name="newPassword"]', "member-password-2");
      await page.fill('input[name="repeatPassword"]', "member-password-2");
      await page.click('[data-testid="change-password"] button[type="submit"]');
      expect(await (await page.waitForSelector('[role="alert"][data-code="wrong_password"]')).textContent()).toContain(
        "当前密码不正确",
      );
      await page.fill('input[name="oldPassword"]', "member-password-1");
      await page.fill('input[name="newPassword"]', "member-password-2");
      await page.fill('input[name="repeatPassword"]', "member-password-2");
      await page.click('[data-testid="change-password"] button[type="submit"]');
      await page.waitForSelector('[data-testid="password-changed"]');
      // The change ended the old session server-side; the page carries on with the token it was given.
      await page.reload();
      expect(await (await page.waitForSelector('[data-testid="tenant-name"]')).textContent()).toBe(tenant.name);
      const stored = await page.evaluate(
        () => JSON.parse(localStorage.getItem("waule.session") ?? "null") as { token: string } | null,
      );
      const me = await fetch(`${platform.url}/api/v1/me`, { headers: { authorization: `Bearer ${stored?.token}` } });
      expect(me.status).toBe(200);
    } finally {
      await page.close();
    }
    const login = (password: string) =>
      fetch(`${platform.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ apiKey, username: "moe", password }),
      });
    expect((await login("member-password-1")).status).toBe(401);
    expect((await login("member-password-2")).status).toBe(200);
  }, 120_000);

  test("storage refuses a bucket that fails the check and keeps the platform; the webhook secret is shown once and rotates", async () => {
    const ctx = { db: platform.db, clock: systemClock, ids: randomIds };
    const { tenant, apiKey } = await createTenant(ctx, { name: "Pier Works", credits: 100 });
    await addTenantUser(ctx, { tenantId: tenant.id, username: "ada", password: PASSWORD, admin: true });
    // A "bucket" that refuses every request, as a wrong secret would.
    const bucket = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: () =>
        new Response("<Error><Code>AccessDenied</Code><Message>denied</Message></Error>", {
          status: 403,
          headers: { "content-type": "application/xml" },
        }),
    });
    const page = await browser.newPage();
    try {
      await signIn(page, apiKey, "ada", PASSWORD);
      await page.click('[data-testid="nav-team"]');
      await page.click('[data-testid="tab-storage"]');
      await page.waitForSelector('[data-testid="storage-current"]');
      await page.check('input[name="storage-mode"][value="CUSTOM"]');
      await page.fill('input[name="storage-endpoint"]', `http://127.0.0.1:${bucket.port}`);
      await page.fill('input[name="storage-bucket"]', "pier-bucket");
      await page.fill('input[name="storage-region"]', "us-east-1");
      await page.fill('input[name="storage-accessKeyId"]', "AKIAPIER");
      await page.fill('input[name="storage-secretAccessKey"]', "wrong-secret");
      await page.click('[data-testid="storage-save"]');
      const alert = await page.waitForSelector('[data-testid="storage-panel"] [role="alert"]', { timeout: 30_000 });
      // In the reader's language, naming the step; not the S3 client's English text.
      expect(await alert.textContent()).toContain("存储桶检查未通过（pier-bucket，写入步骤失败）");
      expect(await alert.textContent()).not.toContain("storage check failed");
      const stored = await query("SELECT storage_mode, storage_config FROM tenants WHERE id = ?", [tenant.id]);
      expect([stored[0]?.storage_mode, stored[0]?.storage_config]).toEqual(["PLATFORM", null]);

      await page.click('[data-testid="tab-webhooks"]');
      await page.fill('input[name="webhookUrl"]', "https://hooks.pier.example/waule");
      await page.click('[data-testid="webhooks-panel"] button[type="submit"]');
      const first =
        (await (await page.waitForSelector('[data-testid="webhook-secret"] code')).textContent())?.trim() ?? "";
      expect(first).toMatch(/^whsec_/);
      const row = await query("SELECT webhook_url, webhook_secret FROM tenants WHERE id = ?", [tenant.id]);
      expect(row[0]?.webhook_url).toBe("https://hooks.pier.example/waule");
      expect(String(row[0]?.webhook_secret)).not.toContain(first); // sealed at rest
      await page.click('[data-testid="webhooks-panel"] .actions button[type="button"]');
      await page.waitForFunction((old) => {
        const now = document.querySelector('[data-testid="webhook-secret"] code')?.textContent?.trim();
        return now?.startsWith("whsec_") && now !== old;
      }, first);
      expect(await page.textContent('[data-testid="deliveries-table"]')).toContain("暂无投递");
    } finally {
      await page.close();
      bucket.stop(true);
    }
  }, 120_000);
});
