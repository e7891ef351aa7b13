// /files serves stored bytes on the gateway's own origin (where the admin UI lives): nothing it serves may run as a page.
import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { filesRoute } from "./files-route";
import { signFileUrl } from "./signed-url";
import type { ObjectStorage } from "./types";

const SECRET = "files-route-secret-0123456789abcdef";
const NOW = Date.UTC(2026, 10, 26);

/** Storage holding one object per key with whatever content type the driver reports (S3 reports what was put). */
function storageOf(objects: Record<string, { data: string; mimeType: string }>): ObjectStorage {
  return {
    put: () => Promise.reject(new Error("read-only")),
    get: async (key) =>
      objects[key] ? { data: new TextEncoder().encode(objects[key]!.data), mimeType: objects[key]!.mimeType } : null,
    delete: async () => {},
    urlFor: async (key) => key,
  };
}

async function fetchFile(storage: ObjectStorage, key: string) {
  const url = signFileUrl({ baseUrl: "http://gw.test", secret: SECRET, key, expiresSeconds: NOW / 1000 + 60 });
  return new Hono()
    .route("/files", filesRoute({ storage, signingSecret: SECRET, clock: { now: () => NOW } }))
    .request(url);
}

describe("GET /files", () => {
  test("media is served inline with its type, under a sandboxing CSP", async () => {
    const res = await fetchFile(
      storageOf({ "tenants/t1/a.png": { data: "png", mimeType: "image/png" } }),
      "tenants/t1/a.png",
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toBeNull();
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(await res.text()).toBe("png");
  });

  test("HTML, SVG or any type outside the media list is served as an attachment of opaque bytes", async () => {
    const storage = storageOf({
      "tenants/t1/x.bin": { data: "<script>alert(1)</script>", mimeType: "text/html" },
      "tenants/t1/y.bin": { data: "<svg onload=alert(1)>", mimeType: "image/svg+xml" },
      "tenants/t1/z.bin": { data: "<x>", mimeType: "application/xhtml+xml; charset=utf-8" },
    });
    for (const key of ["tenants/t1/x.bin", "tenants/t1/y.bin", "tenants/t1/z.bin"]) {
      const res = await fetchFile(storage, key);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/octet-stream");
      expect(res.headers.get("content-disposition")).toBe("attachment");
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});
