import { describe, expect, test } from "bun:test";
import { sign } from "hono/jwt";
import { readTenantUserToken, signTenantUserToken, TOKEN_TTL_SECONDS } from "./tokens";

const SECRET = "tokens-test-secret-0123456789abcdef0123";

describe("tenant-user tokens", () => {
  test("a signed token reads back with its claims and a 7-day expiry", async () => {
    const now = Date.now();
    const { token, expiresAt } = await signTenantUserToken(SECRET, { tenantId: "tnt_1", userId: "usr_1", nowMs: now });
    expect(Date.parse(expiresAt)).toBe((Math.floor(now / 1000) + TOKEN_TTL_SECONDS) * 1000);
    expect(await readTenantUserToken(SECRET, token, now)).toMatchObject({
      tenantId: "tnt_1",
      userId: "usr_1",
      type: "tenant_user",
    });
  });

  test("another secret, another algorithm, a missing claim or a past expiry read as null", async () => {
    const now = Date.now();
    const { token } = await signTenantUserToken(SECRET, { tenantId: "tnt_1", userId: "usr_1", nowMs: now });
    expect(await readTenantUserToken("another-secret-0123456789abcdef0123456", token, now)).toBeNull();
    const exp = Math.floor(now / 1000) + 60;
    expect(
      await readTenantUserToken(
        SECRET,
        await sign({ tenantId: "t", userId: "u", type: "tenant_user", exp }, SECRET, "HS512"),
        now,
      ),
    ).toBeNull();
    expect(
      await readTenantUserToken(SECRET, await sign({ tenantId: "t", type: "tenant_user", exp }, SECRET, "HS256"), now),
    ).toBeNull();
    // Expired by the injected clock even though the wall clock still accepts it.
    expect(await readTenantUserToken(SECRET, token, now + (TOKEN_TTL_SECONDS + 1) * 1000)).toBeNull();
  });

  test("times are judged by the injected clock alone: a token issued by a clock ahead of the wall clock reads, one issued in that clock's future does not", async () => {
    const ahead = Date.now() + 3 * 3600_000;
    const { token } = await signTenantUserToken(SECRET, { tenantId: "t", userId: "u", nowMs: ahead });
    expect((await readTenantUserToken(SECRET, token, ahead))?.userId).toBe("u");
    expect(await readTenantUserToken(SECRET, token, ahead - 3600_000)).toBeNull();
  });
});
