// The gateway accepts only internal calls signed with INTERNAL_SECRET within the 5-minute window.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type GatewayDb, openGatewayDb } from "@waule/db/connect";
import { requestLog, seenSignatures } from "@waule/db/gateway";
import { sequentialIds } from "@waule/shared/clock";
import {
  NONCE_HEADER,
  SIGNATURE_HEADER,
  SIGNATURE_WINDOW_MS,
  signInternalRequest,
  TIMESTAMP_HEADER,
} from "@waule/shared/internal-signature";
import { buildGatewayDeps, createGatewayApp } from "../src/app";
import { startTestGateway, TEST_BASE_URL, TEST_INTERNAL_SECRET, type TestGateway } from "./support/gateway";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw.stop();
});

const path = "/internal/v1/images/generations";
const body = { tenantId: "t1", requestId: "r1", model: "sandbox-image", prompt: "auth", n: 1, width: 64, height: 64 };

async function expectUnauthorized(res: Response, reason: string) {
  expect(res.status).toBe(401);
  const json = (await res.json()) as { error: { code: string; message: string } };
  expect(json.error.code).toBe("unauthorized");
  expect(json.error.message).toContain(reason);
}

describe("internal auth", () => {
  test("rejects an unsigned call", async () => {
    const res = await gw.app.request(`${TEST_BASE_URL}${path}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
    await expectUnauthorized(res, "missing");
  });

  test("rejects a call signed with another secret", async () => {
    await expectUnauthorized(
      await gw.signedPost(path, body, { secret: "not-the-internal-secret-0123456789" }),
      "mismatch",
    );
  });

  test("rejects a signature over a different body", async () => {
    const headers = signInternalRequest(TEST_INTERNAL_SECRET, {
      method: "POST",
      path,
      body: JSON.stringify(body),
      timestampMs: gw.clock.now(),
    });
    const tampered = JSON.stringify({ ...body, n: 10 });
    const res = await gw.app.request(`${TEST_BASE_URL}${path}`, {
      method: "POST",
      body: tampered,
      headers: { ...headers, "content-type": "application/json" },
    });
    await expectUnauthorized(res, "mismatch");
  });

  test("rejects stale and future timestamps outside five minutes, accepts inside", async () => {
    const now = gw.clock.now();
    await expectUnauthorized(await gw.signedPost(path, body, { timestampMs: now - 5 * 60 * 1000 - 1 }), "stale");
    await expectUnauthorized(await gw.signedPost(path, body, { timestampMs: now + 5 * 60 * 1000 + 1 }), "stale");
    expect(
      (await gw.signedPost(path, { ...body, requestId: "r-window" }, { timestampMs: now - 4 * 60 * 1000 })).status,
    ).toBe(200);
  });

  test("rejects malformed signature headers", async () => {
    const res = await gw.app.request(`${TEST_BASE_URL}${path}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: {
        "content-type": "application/json",
        [SIGNATURE_HEADER]: "zz",
        [TIMESTAMP_HEADER]: String(gw.clock.now()),
        [NONCE_HEADER]: "ab".repeat(16),
      },
    });
    await expectUnauthorized(res, "malformed");
  });

  test("rejects a signed call without its nonce", async () => {
    const text = JSON.stringify(body);
    const headers = signInternalRequest(TEST_INTERNAL_SECRET, {
      method: "POST",
      path,
      body: text,
      timestampMs: gw.clock.now(),
    });
    delete headers[NONCE_HEADER];
    const res = await gw.app.request(`${TEST_BASE_URL}${path}`, {
      method: "POST",
      body: text,
      headers: { ...headers, "content-type": "application/json" },
    });
    await expectUnauthorized(res, "missing");
  });

  test("rejects a signature over another nonce (the nonce cannot be swapped to dodge the replay check)", async () => {
    const text = JSON.stringify(body);
    const headers = signInternalRequest(TEST_INTERNAL_SECRET, {
      method: "POST",
      path,
      body: text,
      timestampMs: gw.clock.now(),
    });
    const res = await gw.app.request(`${TEST_BASE_URL}${path}`, {
      method: "POST",
      body: text,
      headers: { ...headers, [NONCE_HEADER]: "cd".repeat(16), "content-type": "application/json" },
    });
    await expectUnauthorized(res, "mismatch");
  });

  test("the same signed request sent twice: the second is refused as replayed and never reaches the provider", async () => {
    const text = JSON.stringify({ ...body, requestId: "r-replay" });
    const headers = signInternalRequest(TEST_INTERNAL_SECRET, {
      method: "POST",
      path,
      body: text,
      timestampMs: gw.clock.now(),
    });
    const send = () =>
      gw.app.request(`${TEST_BASE_URL}${path}`, {
        method: "POST",
        body: text,
        headers: { ...headers, "content-type": "application/json" },
      });
    expect((await send()).status).toBe(200);
    await expectUnauthorized(await send(), "replayed");
    const logged = await gw.db.select().from(requestLog);
    expect(logged.filter((r) => r.requestId === "r-replay")).toHaveLength(1);
  });

  test("two legitimate calls with identical bodies in the same millisecond both pass", async () => {
    const same = { ...body, requestId: "r-twin" };
    const [a, b] = await Promise.all([gw.signedPost(path, same), gw.signedPost(path, same)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const logged = await gw.db.select().from(requestLog);
    expect(logged.filter((r) => r.requestId === "r-twin")).toHaveLength(2);
  });

  test("seen signatures are purged once their window has passed", async () => {
    const before = await gw.db.select().from(seenSignatures);
    expect(before.length).toBeGreaterThan(0);
    gw.clock.advance(SIGNATURE_WINDOW_MS + 60_001);
    expect((await gw.signedPost(path, { ...body, requestId: "r-after-purge" })).status).toBe(200);
    const after = await gw.db.select().from(seenSignatures);
    expect(after).toHaveLength(1);
    expect(after[0]!.signedAt).toBe(gw.clock.now());
  });

  test("a valid call is served, and no rejected call ever reached the provider", async () => {
    const res = await gw.signedPost(path, { ...body, requestId: "r-valid" });
    expect(res.status).toBe(200);
    // Only the accepted calls of this file are in the upstream log; every rejected one (requestId r1) is absent.
    const logged = await gw.db.select().from(requestLog);
    expect(logged.map((r) => r.requestId).sort()).toEqual([
      "r-after-purge",
      "r-replay",
      "r-twin",
      "r-twin",
      "r-valid",
      "r-window",
    ]);
  });

  test("health needs no signature", async () => {
    const res = await gw.app.request(`${TEST_BASE_URL}/health`);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});

describe("replay refusal across gateway instances sharing one database", () => {
  let otherDb: GatewayDb;
  let other: ReturnType<typeof createGatewayApp>;
  beforeAll(async () => {
    // A second instance: its own connections (and its own group commit) on the same database file.
    otherDb = await openGatewayDb(gw.config.db);
    other = createGatewayApp(
      await buildGatewayDeps(gw.config, { db: otherDb, clock: gw.clock, ids: sequentialIds("g") }),
    );
  });
  afterAll(() => otherDb.$client.close());

  async function signedCopy(requestId: string) {
    const text = JSON.stringify({ ...body, requestId });
    const headers = signInternalRequest(TEST_INTERNAL_SECRET, {
      method: "POST",
      path,
      body: text,
      timestampMs: gw.clock.now(),
    });
    return (app: { request: typeof other.request }) =>
      app.request(`${TEST_BASE_URL}${path}`, {
        method: "POST",
        body: text,
        headers: { ...headers, "content-type": "application/json" },
      });
  }

  test("a call accepted by one instance is refused as replayed by the other", async () => {
    const send = await signedCopy("r-cross");
    expect((await send(gw.app)).status).toBe(200);
    await expectUnauthorized(await send(other), "replayed");
    const logged = await gw.db.select().from(requestLog);
    expect(logged.filter((r) => r.requestId === "r-cross")).toHaveLength(1);
  });

  test("copies racing into both instances at once: exactly one is served", async () => {
    const send = await signedCopy("r-race");
    const statuses = await Promise.all(
      [send(gw.app), send(other), send(gw.app), send(other)].map(async (r) => (await r).status),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    const logged = await gw.db.select().from(requestLog);
    expect(logged.filter((r) => r.requestId === "r-race")).toHaveLength(1);
  });
});
