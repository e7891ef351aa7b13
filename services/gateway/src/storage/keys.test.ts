import { describe, expect, test } from "bun:test";
import { extensionFor, isSafeKey, mimeTypeFor, tenantObjectKey } from "./keys";

describe("storage keys", () => {
  test("are tenants/<tenantId>/<yyyy>/<mm>/<id>.<ext> in UTC", () => {
    expect(
      tenantObjectKey({ tenantId: "t_1", id: "abc", mimeType: "image/png", atMs: Date.UTC(2026, 1, 28, 23, 59) }),
    ).toBe("tenants/t_1/2026/02/abc.png");
    expect(
      tenantObjectKey({ tenantId: "t", id: "v", mimeType: "video/mp4; codecs=avc1", atMs: Date.UTC(2027, 11, 1) }),
    ).toBe("tenants/t/2027/12/v.mp4");
  });

  test("refuse tenant ids that could break out of the prefix", () => {
    expect(() => tenantObjectKey({ tenantId: "../other", id: "a", mimeType: "image/png", atMs: 0 })).toThrow();
    // "a/b" would nest inside tenant "a"'s prefix.
    expect(() => tenantObjectKey({ tenantId: "a/b", id: "a", mimeType: "image/png", atMs: 0 })).toThrow();
    expect(() => tenantObjectKey({ tenantId: "t", id: "x/y", mimeType: "image/png", atMs: 0 })).toThrow();
    expect(isSafeKey("tenants/a/../b.png")).toBe(false);
  });

  test("map mime types to extensions and back", () => {
    expect(extensionFor("image/jpeg")).toBe("jpg");
    expect(extensionFor("application/x-unknown")).toBe("bin");
    expect(mimeTypeFor("a/b.webm")).toBe("video/webm");
    expect(mimeTypeFor("a/b.bin")).toBe("application/octet-stream");
  });
});
