import { afterEach, describe, expect, test } from "bun:test";
import { testEncryptionKey } from "../keys/temp-db";
import { loadSoraProxy } from "../sora-proxy/settings";
import { managementTestApp } from "./test-app";

let t: Awaited<ReturnType<typeof managementTestApp>>;
afterEach(async () => t.close());

describe("/sora-proxy", () => {
  test("stores base URL and key sealed, answers the key masked, keeps it when a PUT omits it", async () => {
    t = await managementTestApp();
    expect(await (await t.call("GET", "/sora-proxy")).json()).toEqual({ configured: false });
    expect((await t.call("PUT", "/sora-proxy", { baseUrl: "https://sora.example.com" })).status).toBe(400);

    const put = await t.call("PUT", "/sora-proxy", {
      baseUrl: "https://sora.example.com",
      apiKey: "sora-secret-key-abcd",
    });
    const body = await put.text();
    expect(put.status).toBe(200);
    expect(body).not.toContain("sora-secret");
    expect(JSON.parse(body)).toMatchObject({
      configured: true,
      baseUrl: "https://sora.example.com",
      apiKey: "****abcd",
    });

    await t.call("PUT", "/sora-proxy", { baseUrl: "https://sora2.example.com/" });
    expect(await loadSoraProxy({ db: t.env.db, encryptionKey: testEncryptionKey })).toEqual({
      baseUrl: "https://sora2.example.com/",
      apiKey: "sora-secret-key-abcd",
    });
    const raw = await t.env.db.$client.execute("select value from gateway_settings");
    expect(JSON.stringify(raw.rows)).not.toContain("sora");
  });
});
