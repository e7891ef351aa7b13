import { afterEach, describe, expect, test } from "bun:test";
import { providerKeys, requestLog } from "@waule/db/gateway";
import { managementTestApp } from "./test-app";

let t: Awaited<ReturnType<typeof managementTestApp>>;
afterEach(async () => t.close());

let n = 0;
function logRow(at: string, provider: string, keyId: string | null, status: "ok" | "error", latencyMs: number) {
  n += 1;
  return {
    id: `log${n}`,
    tenantId: "t1",
    requestId: `r${n}`,
    capability: "image",
    provider,
    model: "m",
    keyId,
    status,
    errorCode: status === "error" ? "upstream_unavailable" : null,
    latencyMs,
    createdAt: new Date(at),
  };
}

describe("/usage", () => {
  test("aggregates the request log per UTC day, provider and key, within from/to and the provider filter", async () => {
    t = await managementTestApp();
    await t.env.db.insert(providerKeys).values({
      id: "k1",
      provider: "doubao",
      name: "ark main",
      secret: "v1.x.y",
      hint: "abcd",
      createdAt: new Date(0),
    });
    await t.env.db
      .insert(requestLog)
      .values([
        logRow("2026-03-01T00:00:00Z", "doubao", "k1", "ok", 100),
        logRow("2026-03-01T23:59:59Z", "doubao", "k1", "error", 301),
        logRow("2026-03-01T10:00:00Z", "doubao", "k2", "ok", 50),
        logRow("2026-03-01T10:00:00Z", "gemini", null, "ok", 10),
        logRow("2026-03-02T00:00:00Z", "doubao", "k1", "ok", 70),
        logRow("2026-02-28T23:59:59Z", "doubao", "k1", "ok", 1),
        logRow("2026-03-03T00:00:00Z", "doubao", "k1", "ok", 1),
      ]);
    const res = await t.call("GET", "/usage?from=2026-03-01&to=2026-03-02");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { from: string; to: string; data: unknown[]; totals: unknown };
    expect([body.from, body.to]).toEqual(["2026-03-01", "2026-03-02"]);
    expect(body.data).toEqual([
      {
        day: "2026-03-02",
        provider: "doubao",
        keyId: "k1",
        keyName: "ark main",
        requests: 1,
        errors: 0,
        avgLatencyMs: 70,
      },
      {
        day: "2026-03-01",
        provider: "doubao",
        keyId: "k1",
        keyName: "ark main",
        requests: 2,
        errors: 1,
        avgLatencyMs: 201,
      },
      { day: "2026-03-01", provider: "doubao", keyId: "k2", keyName: null, requests: 1, errors: 0, avgLatencyMs: 50 },
      { day: "2026-03-01", provider: "gemini", keyId: null, keyName: null, requests: 1, errors: 0, avgLatencyMs: 10 },
    ]);
    expect(body.totals).toEqual({ requests: 5, errors: 1 });

    const gemini = (await (await t.call("GET", "/usage?from=2026-03-01&to=2026-03-02&provider=gemini")).json()) as {
      totals: unknown;
    };
    expect(gemini.totals).toEqual({ requests: 1, errors: 0 });
  });

  test("defaults to the last 30 days and rejects bad ranges", async () => {
    t = await managementTestApp();
    const body = (await (await t.call("GET", "/usage")).json()) as { from: string; to: string };
    expect([body.from, body.to]).toEqual(["2026-02-09", "2026-03-10"]);
    for (const q of ["from=2026-03-05&to=2026-03-01", "from=2020-01-01&to=2026-03-01", "from=yesterday"]) {
      const res = await t.call("GET", `/usage?${q}`);
      expect(res.status).toBe(400);
    }
  });
});
