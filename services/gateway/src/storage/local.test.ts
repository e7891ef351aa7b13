import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualClock } from "@waule/shared/clock";
import { notFound, onErrorFor } from "@waule/shared/http-errors";
import { Hono } from "hono";
import { filesRoute } from "./files-route";
import { createLocalStorage } from "./local";
import type { ObjectStorage } from "./types";

const SECRET = "local-test-signing-secret-0123456789";
const BASE = "http://gw.test";
const start = Date.UTC(2026, 0, 15, 12, 0, 0);

let dir: string;
let storage: ObjectStorage;
let clock: ReturnType<typeof manualClock>;
let app: Hono;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "waule-local-storage-"));
  clock = manualClock(start);
  storage = createLocalStorage({
    dir: join(dir, "files"),
    publicBaseUrl: BASE,
    signingSecret: SECRET,
    ttlSeconds: 3600,
    clock,
  });
  app = new Hono().route("/files", filesRoute({ storage, signingSecret: SECRET, clock }));
  app.onError(onErrorFor("gateway"));
  app.notFound(notFound);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
const key = "tenants/t1/2026/01/abc.png";

async function expectForbidden(url: string) {
  const res = await app.request(url);
  expect(res.status).toBe(403);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
}

describe("local storage", () => {
  test("put/get/delete round-trip keeps bytes and derives the mime type from the key", async () => {
    const stored = await storage.put(key, bytes, "image/png");
    expect(stored).toMatchObject({ key, bytes: 7, mimeType: "image/png" });
    const got = await storage.get(key);
    expect(got?.mimeType).toBe("image/png");
    expect([...got!.data]).toEqual([...bytes]);
    expect(existsSync(join(dir, "files", key))).toBe(true);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    // No partial files left behind by the write-then-rename.
    expect(await readdir(join(dir, "files", "tenants/t1/2026/01"))).toEqual([]);
  });

  test("signed URLs serve the stored bytes with their content type", async () => {
    const { url } = await storage.put(key, bytes, "image/png");
    expect(url.startsWith(`${BASE}/files/${key}?expires=${start / 1000 + 3600}&sig=`)).toBe(true);
    const res = await app.request(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([...bytes]);
  });

  test("signed URLs expire", async () => {
    const url = await storage.urlFor(key);
    await storage.put(key, bytes, "image/png");
    clock.advance(3600 * 1000 - 1);
    expect((await app.request(url)).status).toBe(200);
    clock.advance(1);
    await expectForbidden(url);
  });

  test("a changed key, expiry or signature is refused with 403", async () => {
    await storage.put(key, bytes, "image/png");
    await storage.put("tenants/t2/2026/01/abc.png", bytes, "image/png");
    const url = new URL(await storage.urlFor(key));
    const expires = url.searchParams.get("expires")!;
    const sig = url.searchParams.get("sig")!;
    await expectForbidden(`${BASE}/files/tenants/t2/2026/01/abc.png?expires=${expires}&sig=${sig}`);
    await expectForbidden(`${BASE}/files/${key}?expires=${Number(expires) + 1000}&sig=${sig}`);
    const flipped = (sig[0] === "a" ? "b" : "a") + sig.slice(1);
    await expectForbidden(`${BASE}/files/${key}?expires=${expires}&sig=${flipped}`);
    await expectForbidden(`${BASE}/files/${key}?expires=${expires}`);
    await expectForbidden(`${BASE}/files/${key}`);
    // A signature made with another secret is as good as none.
    const other = createLocalStorage({
      dir,
      publicBaseUrl: BASE,
      signingSecret: "another-secret-0123456789abcdef",
      ttlSeconds: 3600,
      clock,
    });
    await expectForbidden(await other.urlFor(key));
  });

  test("keys cannot escape the storage directory", async () => {
    for (const bad of [
      "../x.png",
      "tenants/../../x.png",
      "/etc/passwd",
      "tenants//x.png",
      "a/./b.png",
      "..",
      ".hidden",
    ]) {
      await expect(storage.put(bad, bytes, "image/png")).rejects.toThrow(/unsafe storage key/);
      expect(await storage.get(bad)).toBeNull();
    }
    expect(existsSync(join(dir, "x.png"))).toBe(false);
    // Even an encoded traversal through the route never reaches the file system.
    const res = await app.request(`${BASE}/files/..%2F..%2Fetc%2Fpasswd?expires=9999999999&sig=${"0".repeat(64)}`);
    expect(res.status).toBe(403);
  });
});
