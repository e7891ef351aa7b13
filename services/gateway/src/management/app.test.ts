import { afterEach, describe, expect, test } from "bun:test";
import { providerKeys, providerKeyTests } from "@waule/db/gateway";
import { UpstreamError } from "../providers/upstream-error";
import { managementTestApp } from "./test-app";

let t: Awaited<ReturnType<typeof managementTestApp>>;
afterEach(async () => t.close());

const SECRET = "sk-live-ultra-secret-value-7Q2x";

describe("management API auth", () => {
  test("refuses every route without the admin token, with a wrong one, or with the wrong scheme", async () => {
    t = await managementTestApp();
    for (const [path, token] of [
      ["/provider-keys", null],
      ["/usage", "wrong-token-wrong-token"],
      ["/platform-oss", ""],
      ["/nope", null],
    ] as const) {
      const res = await t.call("GET", path, undefined, token);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    const basic = await t.app.request("/provider-keys", { headers: { authorization: "Basic YWRtaW46YWRtaW4=" } });
    expect(basic.status).toBe(401);
    const created = await t.call(
      "POST",
      "/provider-keys",
      { provider: "doubao", name: "x", secret: SECRET },
      "nope-nope-nope-nope",
    );
    expect(created.status).toBe(401);
    expect(await t.env.db.select().from(providerKeys)).toHaveLength(0);
  });

  test("refuses to build without a real admin token", async () => {
    await expect(
      managementTestApp({ config: { adminToken: "admin", encryptionKey: "11".repeat(32) } }),
    ).rejects.toThrow("GATEWAY_ADMIN_TOKEN");
    t = await managementTestApp();
  });
});

describe("/provider-keys", () => {
  test("create, read, list, patch, disable, enable and delete round-trip without ever answering the secret", async () => {
    t = await managementTestApp();
    const bodies: string[] = [];
    const json = async (res: Response, status: number) => {
      expect(res.status).toBe(status);
      const text = await res.text();
      bodies.push(text);
      return JSON.parse(text);
    };
    const created = await json(
      await t.call("POST", "/provider-keys", { provider: "doubao", name: "ark main", secret: SECRET, weight: 3 }),
      201,
    );
    expect(created).toMatchObject({
      provider: "doubao",
      name: "ark main",
      hint: "7Q2x",
      weight: 3,
      enabled: true,
      requests: 0,
    });
    const id = created.id as string;

    expect(await json(await t.call("GET", `/provider-keys/${id}`), 200)).toMatchObject({ id, name: "ark main" });
    await t.call("POST", "/provider-keys", { provider: "gemini", name: "g", secret: "AIza-gemini-key-0000" });
    const list = await json(await t.call("GET", "/provider-keys?provider=doubao&limit=10"), 200);
    expect(list).toMatchObject({ total: 1, page: 1, limit: 10 });
    expect(list.data.map((k: { id: string }) => k.id)).toEqual([id]);
    expect((await json(await t.call("GET", "/provider-keys?limit=1&page=2"), 200)).data).toHaveLength(1);

    expect(
      await json(
        await t.call("PATCH", `/provider-keys/${id}`, { name: "renamed", baseUrl: "https://ark.example/api/v3" }),
        200,
      ),
    ).toMatchObject({ name: "renamed", baseUrl: "https://ark.example/api/v3", weight: 3, hint: "7Q2x" });
    expect(await json(await t.call("POST", `/provider-keys/${id}/disable`, { reason: "rotating" }), 200)).toMatchObject(
      { enabled: false, disabledReason: "rotating" },
    );
    expect(await json(await t.call("POST", `/provider-keys/${id}/enable`), 200)).toMatchObject({
      enabled: true,
      disabledReason: null,
    });

    expect((await t.call("DELETE", `/provider-keys/${id}`)).status).toBe(204);
    expect((await t.call("GET", `/provider-keys/${id}`)).status).toBe(404);
    expect((await t.call("DELETE", `/provider-keys/${id}`)).status).toBe(404);

    for (const body of bodies) expect(body).not.toContain("ultra-secret");
    const raw = await t.env.db.$client.execute("select * from provider_keys");
    expect(JSON.stringify(raw.rows)).not.toContain("ultra-secret");
  });

  test("bad input is a 400 JSON error and writes nothing", async () => {
    t = await managementTestApp({ providers: ["doubao", "gemini"] });
    const cases = [
      { provider: "Doubao!", name: "x", secret: SECRET },
      { provider: "doubao", name: "", secret: SECRET },
      { provider: "doubao", name: "x", secret: SECRET, weight: 0 },
      { provider: "doubao", name: "x", secret: SECRET, baseUrl: "not a url" },
      { provider: "nosuch", name: "x", secret: SECRET },
    ];
    for (const body of cases) {
      const res = await t.call("POST", "/provider-keys", body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
    expect(await t.env.db.select().from(providerKeys)).toHaveLength(0);
    const created = (await (
      await t.call("POST", "/provider-keys", { provider: "doubao", name: "x", secret: SECRET })
    ).json()) as { id: string };
    expect((await t.call("PATCH", `/provider-keys/${created.id}`, {})).status).toBe(400);
  });

  test("test-call hands the real key to the injected tester and reports ok or the mapped error, secret scrubbed", async () => {
    let fail = false;
    const seen: string[] = [];
    t = await managementTestApp({
      testKey: async (provider, key) => {
        seen.push(`${provider}:${key.secret}`);
        if (fail) throw new UpstreamError({ provider, status: 401, message: `invalid api key ${key.secret}` });
      },
    });
    const { id } = (await (
      await t.call("POST", "/provider-keys", { provider: "vidu", name: "v", secret: SECRET })
    ).json()) as { id: string };
    const ok = await t.call("POST", `/provider-keys/${id}/test`);
    expect(await ok.json()).toEqual({ ok: true, latencyMs: 0 });
    fail = true;
    const bad = await t.call("POST", `/provider-keys/${id}/test`);
    const text = await bad.text();
    expect(text).not.toContain("ultra-secret");
    expect(JSON.parse(text)).toMatchObject({
      ok: false,
      error: { code: "upstream_unavailable", message: "vidu: invalid api key ****" },
    });
    expect(seen).toEqual([`vidu:${SECRET}`, `vidu:${SECRET}`]);
  });

  test("the last test result is stored per key (status, when, message) and listed with it; a key never tested has none", async () => {
    let fail = false;
    t = await managementTestApp({
      testKey: async (provider, key) => {
        if (fail) throw new UpstreamError({ provider, status: 401, message: `invalid api key ${key.secret}` });
      },
    });
    const create = async (name: string) =>
      (
        (await (await t.call("POST", "/provider-keys", { provider: "vidu", name, secret: SECRET })).json()) as {
          id: string;
        }
      ).id;
    const tested = await create("tested");
    const untested = await create("untested");
    expect((await t.call("POST", `/provider-keys/${tested}/test`)).status).toBe(200);
    const afterOk = (await (await t.call("GET", `/provider-keys/${tested}`)).json()) as { lastTest: unknown };
    expect(afterOk.lastTest).toMatchObject({ ok: true, code: null, message: "0 ms", latencyMs: 0 });
    fail = true;
    await t.call("POST", `/provider-keys/${tested}/test`);

    const list = (await (await t.call("GET", "/provider-keys")).json()) as {
      data: {
        id: string;
        lastTest: { ok: boolean; code: string | null; message: string; latencyMs: number; testedAt: string } | null;
      }[];
    };
    const byId = new Map(list.data.map((k) => [k.id, k.lastTest]));
    // Only the last result is kept, with its secret scrubbed.
    expect(byId.get(tested)).toEqual({
      ok: false,
      code: "upstream_unavailable",
      message: "vidu: invalid api key ****",
      latencyMs: 0,
      testedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(byId.get(untested)).toBeNull();
    const rows = await t.env.db.select().from(providerKeyTests);
    expect(rows.map((r) => [r.keyId, r.ok, r.message])).toEqual([[tested, false, "vidu: invalid api key ****"]]);
    expect(JSON.stringify(rows)).not.toContain("ultra-secret");
    // A deleted key takes its result with it.
    expect((await t.call("DELETE", `/provider-keys/${tested}`)).status).toBe(204);
    expect(await t.env.db.select().from(providerKeyTests)).toEqual([]);
    // A test of an unknown key is a 404 and stores nothing.
    expect((await t.call("POST", "/provider-keys/pk_missing/test")).status).toBe(404);
    expect(await t.env.db.select().from(providerKeyTests)).toEqual([]);
  });
});
