import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UpstreamError } from "../providers/upstream-error";
import { copyMediaToStorage } from "./copy-media";
import { createLocalStorage } from "./local";

let dir: string;
let upstream: ReturnType<typeof Bun.serve>;
const requested: string[] = [];
const video = new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112, 1, 2, 3]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "waule-copy-media-"));
  upstream = Bun.serve({
    port: 0,
    fetch(req) {
      const path = new URL(req.url).pathname;
      requested.push(path);
      if (path === "/result.mp4") return new Response(video, { headers: { "content-type": "video/mp4" } });
      if (path === "/page")
        return new Response("<script>alert(1)</script>", { headers: { "content-type": "text/html; charset=utf-8" } });
      return new Response("gone", { status: 404 });
    },
  });
});
afterAll(async () => {
  upstream.stop(true);
  await rm(dir, { recursive: true, force: true });
});

const at = Date.UTC(2026, 10, 3);
function storage() {
  return createLocalStorage({
    dir,
    publicBaseUrl: "http://gw.test",
    signingSecret: "s".repeat(32),
    ttlSeconds: 60,
    clock: { now: () => at },
  });
}

describe("copyMediaToStorage", () => {
  test("downloads an upstream URL and stores its bytes under the tenant prefix", async () => {
    const s = storage();
    const file = await copyMediaToStorage(
      { kind: "url", url: `${upstream.url}result.mp4`, durationSeconds: 5 },
      { storage: s, fetch, tenantId: "t1", id: "v1", atMs: at, provider: "vidu" },
    );
    expect(file).toMatchObject({
      key: "tenants/t1/2026/11/v1.mp4",
      mimeType: "video/mp4",
      bytes: video.length,
      durationSeconds: 5,
    });
    expect(requested).toContain("/result.mp4");
    expect([...(await s.get(file.key))!.data]).toEqual([...video]);
  });

  test("stores raw bytes with their declared size", async () => {
    const file = await copyMediaToStorage(
      { kind: "bytes", data: new Uint8Array([1, 2, 3]), mimeType: "image/png", width: 64, height: 32 },
      { storage: storage(), fetch, tenantId: "t2", id: "i1", atMs: at, provider: "sandbox" },
    );
    expect(file).toMatchObject({ key: "tenants/t2/2026/11/i1.png", bytes: 3, width: 64, height: 32 });
  });

  test("an upstream answering HTML or SVG is stored as opaque bytes, never under its scriptable type", async () => {
    const put: string[] = [];
    const s = storage();
    const recording = {
      ...s,
      put: (key: string, data: Uint8Array, mimeType: string) => {
        put.push(`${key} ${mimeType}`);
        return s.put(key, data, mimeType);
      },
    };
    const fromUrl = await copyMediaToStorage(
      { kind: "url", url: `${upstream.url}page` },
      { storage: recording, fetch, tenantId: "t4", id: "h1", atMs: at, provider: "vidu" },
    );
    const fromBytes = await copyMediaToStorage(
      { kind: "bytes", data: new TextEncoder().encode("<svg onload=alert(1)>"), mimeType: "image/svg+xml" },
      { storage: recording, fetch, tenantId: "t4", id: "s1", atMs: at, provider: "sandbox" },
    );
    expect(put).toEqual([
      "tenants/t4/2026/11/h1.bin application/octet-stream",
      "tenants/t4/2026/11/s1.bin application/octet-stream",
    ]);
    expect(fromUrl.mimeType).toBe("application/octet-stream");
    expect(fromBytes.mimeType).toBe("application/octet-stream");
  });

  test("a failed download is an upstream error naming the provider, and nothing is stored", async () => {
    const s = storage();
    const err = await copyMediaToStorage(
      { kind: "url", url: `${upstream.url}expired.png`, mimeType: "image/png" },
      { storage: s, fetch, tenantId: "t3", id: "x", atMs: at, provider: "doubao" },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).message).toContain("doubao");
    expect(await s.get("tenants/t3/2026/11/x.png")).toBeNull();
  });
});
