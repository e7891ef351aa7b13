// Gateway answers carry security headers; stored files stay embeddable cross-origin; refusals and failures carry no secrets.
import { afterEach, describe, expect, test } from "bun:test";
import type { InternalImageResponse } from "@waule/shared/images";
import { startTestGateway, TEST_BASE_URL, TEST_INTERNAL_SECRET, type TestGateway } from "./support/gateway";

let gw: TestGateway;
afterEach(async () => {
  await gw.stop();
});

function expectSecurityHeaders(res: Response) {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("x-powered-by")).toBeNull();
}

describe("gateway security headers", () => {
  test("health, refusals and stored files carry them; files may be embedded by other origins", async () => {
    gw = await startTestGateway();
    expectSecurityHeaders(await gw.app.request(`${TEST_BASE_URL}/health`));
    const refused = await gw.app.request(`${TEST_BASE_URL}/internal/v1/images/generations`, {
      method: "POST",
      body: "{}",
    });
    expect(refused.status).toBe(401);
    expectSecurityHeaders(refused);

    const res = await gw.signedPost("/internal/v1/images/generations", {
      tenantId: "tenant_a",
      requestId: "r1",
      model: "sandbox-image",
      prompt: "p",
      n: 1,
      width: 64,
      height: 64,
    });
    expect(res.status).toBe(200);
    const url = ((await res.json()) as InternalImageResponse).images[0]!.url;
    const file = await gw.download(url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expectSecurityHeaders(file);
    expect(file.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    // Opened directly, a file shares the admin UI's origin: it may render but never run script.
    expect(file.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
  });

  test("refusals (bad signature, admin without token, unknown route, bad body) name no secret", async () => {
    gw = await startTestGateway();
    const secrets = [TEST_INTERNAL_SECRET, gw.config.adminToken, gw.config.encryptionKey, gw.config.urlSigningSecret];
    const answers = [
      await gw.signedPost(
        "/internal/v1/images/generations",
        { tenantId: "t" },
        { secret: "wrong-secret-0123456789abcdef0123456" },
      ),
      await gw.signedPost("/internal/v1/images/generations", { tenantId: "../../etc", model: "x" }),
      await gw.app.request(`${TEST_BASE_URL}/api/keys`, { headers: { authorization: "Bearer nope" } }),
      await gw.app.request(`${TEST_BASE_URL}/files/tenants/x/../../secrets.json`),
      await gw.app.request(`${TEST_BASE_URL}/nowhere`),
    ];
    for (const res of answers) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      const text = await res.text();
      expect(secrets.find((secret) => text.includes(secret)) ?? null).toBeNull();
      expect(text).not.toContain("    at ");
    }
  });
});
