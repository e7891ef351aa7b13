// The whole gateway app as main.ts builds it: management at /api (admin token), pages at /admin, /internal and
// /files untouched, and a provider key created through the API serving a real adapter call through the pool.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { providerKeys, requestLog } from "@waule/db/gateway";
import { internalImageResponse } from "@waule/shared/images";
import { eq } from "drizzle-orm";
import { type OpenAIFake, openAIError, startOpenAIFake } from "./fakes/openai";
import { startTestGateway, TEST_BASE_URL, type TestGateway } from "./support/gateway";

const ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123";
const imagePath = "/internal/v1/images/generations";
let gw: TestGateway;
let openai: OpenAIFake;

beforeAll(async () => {
  openai = startOpenAIFake();
  gw = await startTestGateway({ env: { GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN } });
});
afterAll(async () => {
  await gw.stop();
  await openai.stop();
});

function admin(method: string, path: string, body?: unknown, token: string | null = ADMIN_TOKEN) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  return gw.app.request(`${TEST_BASE_URL}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const imageCall = (requestId: string, extra: Record<string, unknown> = {}) => ({
  tenantId: "tenant_int",
  requestId,
  model: "gpt-image-1",
  provider: "openai",
  prompt: "a red kite over a beach",
  n: 1,
  width: 1024,
  height: 1024,
  ...extra,
});

describe("gateway app with management mounted", () => {
  test("the management API refuses a call without the admin token, and the internal secret is not an admin token", async () => {
    const missing = await admin("GET", "/api/provider-keys", undefined, null);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    const internalSecret = await admin(
      "POST",
      "/api/provider-keys",
      { provider: "openai", name: "x", secret: "sk-x-0000" },
      gw.config.internalSecret,
    );
    expect(internalSecret.status).toBe(401);
    expect(await gw.db.select().from(providerKeys)).toEqual([]);
  });

  test("/admin serves the management pages; /internal still wants a signature; /health answers", async () => {
    const page = await gw.app.request(`${TEST_BASE_URL}/admin`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/api");
    const unsigned = await gw.app.request(`${TEST_BASE_URL}${imagePath}`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(unsigned.status).toBe(401);
    expect((await gw.app.request(`${TEST_BASE_URL}/health`)).status).toBe(200);
  });

  test("only keyed providers accept keys: the sandbox and sora (set through /api/sora-proxy) are refused", async () => {
    for (const provider of ["sandbox", "sora", "nope"]) {
      const res = await admin("POST", "/api/provider-keys", { provider, name: "k", secret: "secret-0000" });
      expect(res.status).toBe(400);
    }
    expect(await gw.db.select().from(providerKeys)).toEqual([]);
  });

  test("a key created through /api serves an image call through the pool against the OpenAI fake, and its counters move", async () => {
    const created = await admin("POST", "/api/provider-keys", {
      provider: "openai",
      name: "main",
      secret: "sk-int-live-7777",
      baseUrl: openai.baseUrl,
    });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; hint: string; secret?: string };
    expect([key.hint, key.secret]).toEqual(["7777", undefined]);

    const res = await gw.signedPost(imagePath, imageCall("req-int-1"));
    expect(res.status).toBe(200);
    const body = internalImageResponse.parse(await res.json());
    expect([body.provider, body.model, body.sandbox]).toEqual(["openai", "gpt-image-1", false]);
    expect(body.images[0]!.key.startsWith("tenants/tenant_int/")).toBe(true);

    // The exact upstream request: path, the key from the API as bearer, the mapped body.
    const upstream = openai.requests.at(-1)!;
    expect([upstream.method, upstream.path, upstream.headers.authorization]).toEqual([
      "POST",
      "/v1/images/generations",
      "Bearer sk-int-live-7777",
    ]);
    expect(upstream.body).toMatchObject({
      model: "gpt-image-1",
      prompt: "a red kite over a beach",
      n: 1,
      size: "1024x1024",
    });

    const [row] = await gw.db.select().from(providerKeys).where(eq(providerKeys.id, key.id));
    expect([row!.requests, row!.failures, row!.lastUsedAt?.getTime()]).toEqual([1, 0, gw.clock.now()]);
    const logged = await gw.db.select().from(requestLog).where(eq(requestLog.requestId, "req-int-1"));
    expect(logged.map((l) => [l.provider, l.keyId])).toEqual([["openai", key.id]]);

    // The management view shows the same counters, never the secret.
    const view = await admin("GET", `/api/provider-keys/${key.id}`);
    const shown = (await view.json()) as Record<string, unknown>;
    expect(shown.requests).toBe(1);
    expect(JSON.stringify(shown)).not.toContain("sk-int-live");
  });

  test("a 429 insufficient_quota on one key disables it and the second key serves; the caller sees no failure", async () => {
    const second = (await (
      await admin("POST", "/api/provider-keys", {
        provider: "openai",
        name: "second",
        secret: "sk-int-spare-8888",
        baseUrl: openai.baseUrl,
        weight: 1,
      })
    ).json()) as { id: string };
    // `main` was used last, so least-recent-use picks `second` first: make that one run out of money.
    openai.enqueue(openAIError(429, "You exceeded your current quota", "insufficient_quota", "insufficient_quota"));
    const before = openai.requests.length;
    const res = await gw.signedPost(imagePath, imageCall("req-int-2"));
    expect(res.status).toBe(200);
    const tried = openai.requests.slice(before).map((r) => r.headers.authorization);
    expect(tried).toEqual(["Bearer sk-int-spare-8888", "Bearer sk-int-live-7777"]);
    const [spare] = await gw.db.select().from(providerKeys).where(eq(providerKeys.id, second.id));
    expect([spare!.enabled, spare!.failures]).toEqual([false, 1]);
    expect(spare!.disabledReason).toContain("quota");
  });

  test("when every openai key is rate limited on gpt-image-1, the catalogue's stand-in dall-e-3 answers on the same key", async () => {
    // Only `main` is still enabled (the spare ran out of money above).
    openai.enqueue(
      openAIError(429, "Rate limit reached for gpt-image-1", "requests", "rate_limit_exceeded", {
        "retry-after": "20",
      }),
    );
    const before = openai.requests.length;
    const res = await gw.signedPost(imagePath, imageCall("req-int-3"));
    expect(res.status).toBe(200);
    const body = internalImageResponse.parse(await res.json());
    expect([body.provider, body.model]).toEqual(["openai", "dall-e-3"]);
    const sent = openai.requests
      .slice(before)
      .map((r) => [(r.body as { model: string }).model, r.headers.authorization]);
    expect(sent).toEqual([
      ["gpt-image-1", "Bearer sk-int-live-7777"],
      ["dall-e-3", "Bearer sk-int-live-7777"],
    ]);
    const [main] = await gw.db.select().from(providerKeys).where(eq(providerKeys.name, "main"));
    expect([main!.enabled, main!.cooldownUntil?.getTime()]).toEqual([true, gw.clock.now() + 20_000]);
    const logged = await gw.db.select().from(requestLog).where(eq(requestLog.requestId, "req-int-3"));
    expect(logged.map((l) => l.model)).toEqual(["gpt-image-1", "dall-e-3"]);
  });

  test("the key test-call lists models with the stored key", async () => {
    const [main] = await gw.db.select().from(providerKeys).where(eq(providerKeys.name, "main"));
    openai.enqueue({ status: 200, json: { object: "list", data: [{ id: "gpt-image-1", object: "model" }] } });
    const res = await admin("POST", `/api/provider-keys/${main!.id}/test`);
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    const call = openai.requests.at(-1)!;
    expect([call.method, call.path, call.headers.authorization]).toEqual([
      "GET",
      "/v1/models",
      "Bearer sk-int-live-7777",
    ]);
  });
});
