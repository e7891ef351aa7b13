import { describe, expect, test } from "bun:test";
import { createSwitchableStorage } from "./switchable";
import type { ObjectStorage } from "./types";

function memoryStorage(name: string): ObjectStorage & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    async put(key, data, mimeType) {
      files.set(key, data);
      return { key, url: `${name}://${key}`, bytes: data.byteLength, mimeType };
    },
    get: async (key) => (files.has(key) ? { data: files.get(key)!, mimeType: "image/png" } : null),
    delete: async (key) => void files.delete(key),
    urlFor: async (key) => `${name}://${key}`,
  };
}

describe("switchable platform storage", () => {
  test("after a switch new files go to the new storage and old files stay readable", async () => {
    const local = memoryStorage("local");
    const bucket = memoryStorage("s3");
    const storage = createSwitchableStorage(local);
    await storage.put("tenants/t/old.png", new Uint8Array([1]), "image/png");
    storage.use(bucket);
    const stored = await storage.put("tenants/t/new.png", new Uint8Array([2]), "image/png");
    expect(stored.url).toBe("s3://tenants/t/new.png");
    expect([...local.files.keys()]).toEqual(["tenants/t/old.png"]);
    expect([...bucket.files.keys()]).toEqual(["tenants/t/new.png"]);
    expect((await storage.get("tenants/t/old.png"))?.data).toEqual(new Uint8Array([1]));
    expect((await storage.get("tenants/t/new.png"))?.data).toEqual(new Uint8Array([2]));
    expect(await storage.get("tenants/t/none.png")).toBeNull();
    expect(await storage.urlFor("tenants/t/x.png")).toBe("s3://tenants/t/x.png");
  });
});
