import { afterEach, describe, expect, test } from "bun:test";
import { providerKeys } from "@waule/db/gateway";
import { eq } from "drizzle-orm";
import { type FakeArk, startFakeArk } from "../../test/fakes/doubao";
import { type FakeMidjourney, startFakeMidjourney } from "../../test/fakes/midjourney";
import { closedPortUrl } from "../../test/support/closed-port";
import { managementTestApp } from "../management/test-app";
import { doubaoProvider } from "../providers/doubao";
import { MIDJOURNEY_PROVIDER, midjourneyProvider } from "../providers/midjourney";
import { createProviderRegistry } from "../providers/registry";
import { createKeyTester } from "./test-call";

let ark: FakeArk | undefined;
let mj: FakeMidjourney | undefined;
let t: Awaited<ReturnType<typeof managementTestApp>> | undefined;
afterEach(async () => {
  await ark?.close();
  mj?.stop();
  await t?.close();
  ark = mj = t = undefined;
});

async function setup() {
  const providers = createProviderRegistry({ hasProviderKeys: async () => true });
  providers.register(doubaoProvider);
  providers.register(midjourneyProvider);
  providers.register({ name: "nocheck", requiresKey: true });
  const testKey = createKeyTester({ providers, fetch, clock: { now: () => 0 } });
  t = await managementTestApp({ testKey });
  return t;
}

async function addKey(app: NonNullable<typeof t>, body: Record<string, unknown>): Promise<string> {
  const res = await app.call("POST", "/provider-keys", { name: "k", ...body });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function rowOf(app: NonNullable<typeof t>, id: string) {
  const [row] = await app.env.db.select().from(providerKeys).where(eq(providerKeys.id, id));
  const { requests, failures, consecutiveFailures, enabled, cooldownUntil, lastUsedAt, lastError } = row!;
  return { requests, failures, consecutiveFailures, enabled, cooldownUntil, lastUsedAt, lastError };
}

const untouched = {
  requests: 0,
  failures: 0,
  consecutiveFailures: 0,
  enabled: true,
  cooldownUntil: null,
  lastUsedAt: null,
};

describe("POST /provider-keys/:id/test with the real per-provider checks", () => {
  test("a good Ark key answers ok and moves no pool counter", async () => {
    ark = startFakeArk();
    const app = await setup();
    const id = await addKey(app, { provider: "doubao", secret: ark.apiKey, baseUrl: ark.baseUrl });
    expect(await (await app.call("POST", `/provider-keys/${id}/test`)).json()).toEqual({ ok: true, latencyMs: 0 });
    expect(ark.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/v3/contents/generations/tasks"]);
    expect(await rowOf(app, id)).toEqual({ ...untouched, lastError: null });
  });

  test("a wrong Ark key answers ok:false with the mapped error, records lastError only, and stays enabled", async () => {
    ark = startFakeArk();
    const app = await setup();
    const id = await addKey(app, { provider: "doubao", secret: "ark-wrong-secret", baseUrl: ark.baseUrl });
    const body = (await (await app.call("POST", `/provider-keys/${id}/test`)).json()) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe("upstream_unavailable");
    expect(body.error.message).toContain("AuthenticationError");
    expect(await rowOf(app, id)).toEqual({ ...untouched, lastError: `test call: ${body.error.message}` });
  });

  test("an unreachable upstream answers ok:false as a timeout-class error", async () => {
    const app = await setup();
    const id = await addKey(app, {
      provider: "doubao",
      secret: "ark-any-secret",
      baseUrl: `${await closedPortUrl()}/api/v3`,
    });
    const body = (await (await app.call("POST", `/provider-keys/${id}/test`)).json()) as {
      ok: boolean;
      error: { code: string };
    };
    expect([body.ok, body.error.code]).toEqual([false, "upstream_timeout"]);
    expect((await rowOf(app, id)).requests).toBe(0);
  });

  test("midjourney-proxy secrets are checked through the extra verifier with the key's baseUrl", async () => {
    mj = startFakeMidjourney();
    const app = await setup();
    const good = await addKey(app, { provider: MIDJOURNEY_PROVIDER, secret: "mj-secret", baseUrl: mj.url });
    const bad = await addKey(app, { provider: MIDJOURNEY_PROVIDER, secret: "mj-wrong", baseUrl: mj.url });
    expect(((await (await app.call("POST", `/provider-keys/${good}/test`)).json()) as { ok: boolean }).ok).toBe(true);
    expect(((await (await app.call("POST", `/provider-keys/${bad}/test`)).json()) as { ok: boolean }).ok).toBe(false);
    expect(mj.requests.map((r) => [r.path, r.headers["mj-api-secret"]])).toEqual([
      ["/mj/task/waule-key-check/fetch", "mj-secret"],
      ["/mj/task/waule-key-check/fetch", "mj-wrong"],
    ]);
    expect((await rowOf(app, bad)).lastError).toBe("test call: midjourney: upstream answered 401");
  });

  test("a provider without a free check says so and sends nothing", async () => {
    const app = await setup();
    const id = await addKey(app, { provider: "nocheck", secret: "whatever-secret" });
    const body = (await (await app.call("POST", `/provider-keys/${id}/test`)).json()) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(body).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    expect(body.error.message).toContain("no free test call");
  });
});
