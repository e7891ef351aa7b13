// Operator-set URLs are fetched by the gateway (Bun's fetch reads file: URLs from local disk) or handed to tenants as
// links: only http(s) is accepted, and nothing is stored when another scheme is sent.
import { afterEach, describe, expect, test } from "bun:test";
import { providerKeys } from "@waule/db/gateway";
import { loadPlatformOss } from "../platform-oss/settings";
import { loadSoraProxy } from "../sora-proxy/settings";
import { managementTestApp } from "./test-app";

let t: Awaited<ReturnType<typeof managementTestApp>>;
afterEach(() => t.close());

const schemes = ["file:///etc/passwd", "javascript:alert(1)//", "ftp://files.example.com/", "data:text/html,x"];

describe("operator-set URLs are http(s) only", () => {
  test("provider keys: a create or edit with another scheme is a 400 and stores nothing", async () => {
    t = await managementTestApp();
    for (const baseUrl of schemes) {
      const res = await t.call("POST", "/provider-keys", {
        provider: "openai",
        name: "k",
        secret: "sk-secret-value",
        baseUrl,
      });
      expect(res.status).toBe(400);
    }
    expect(await t.env.db.select().from(providerKeys)).toHaveLength(0);
    const created = await t.call("POST", "/provider-keys", {
      provider: "openai",
      name: "k",
      secret: "sk-secret-value",
      baseUrl: "https://api.example.com/v1",
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (const baseUrl of schemes)
      expect((await t.call("PATCH", `/provider-keys/${id}`, { baseUrl })).status).toBe(400);
    expect((await t.env.db.select().from(providerKeys))[0]!.baseUrl).toBe("https://api.example.com/v1");
  });

  test("sora proxy: another scheme is a 400 and nothing is saved", async () => {
    t = await managementTestApp();
    for (const baseUrl of schemes)
      expect((await t.call("PUT", "/sora-proxy", { baseUrl, apiKey: "sora-key-1234" })).status).toBe(400);
    expect(await loadSoraProxy({ db: t.env.db, encryptionKey: t.deps.config.encryptionKey })).toBeNull();
  });

  test("platform OSS: an endpoint or public base of another scheme is a 400 before any storage check", async () => {
    t = await managementTestApp();
    const base = { bucket: "b", accessKeyId: "AK", secretAccessKey: "SK" };
    for (const bad of schemes) {
      expect((await t.call("PUT", "/platform-oss", { ...base, endpoint: bad })).status).toBe(400);
      const res = await t.call("PUT", "/platform-oss", { ...base, endpoint: "http://127.0.0.1:1", publicBaseUrl: bad });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).not.toContain("storage check failed");
    }
    expect(await loadPlatformOss({ db: t.env.db, encryptionKey: t.deps.config.encryptionKey })).toBeNull();
  });
});
