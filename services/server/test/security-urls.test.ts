// Tenant-supplied URLs (reference image, video frames, webhook and callback URLs) pointing into the platform network are refused with 400 and nothing written.
import { afterEach, describe, expect, test } from "bun:test";
import { type Stack, startStack } from "./support/stack";
import { stateSnapshot } from "./support/temp-db";

let stack: Stack;
afterEach(async () => {
  await stack.stop();
});

const PRIVATE_URLS = [
  "http://169.254.169.254/latest/meta-data/",
  "http://127.0.0.1:6379/",
  "http://[::1]/a.png",
  "http://10.0.0.8/a.png",
  "http://172.16.4.4/a.png",
  "http://192.168.1.1/a.png",
  "http://0.0.0.0/a.png",
  "http://localhost:3000/a.png",
  "http://metadata.google.internal/a.png",
  "http://[fd00::5]/a.png",
  "http://198.18.0.1/a.png",
  "http://240.0.0.1/a.png",
  "http://224.0.0.1/a.png",
  "http://[::7f00:1]/a.png",
  "http://[64:ff9b::7f00:1]/a.png",
];

async function call(method: string, path: string, key: string, body: unknown) {
  return stack.app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Refused with 400 invalid_request and the database exactly as it was (no hold, no task, no usage, no settings). */
async function expectRefused(method: string, path: string, key: string, body: unknown, field: string) {
  const before = await stateSnapshot(stack.db);
  const tasksBefore = (await stack.db.$client.execute("SELECT COUNT(*) AS n FROM tasks")).rows[0]!.n;
  const res = await call(method, path, key, body);
  const answer = (await res.json()) as { error: { code: string; message: string } };
  expect({ path, field, status: res.status, code: answer.error?.code }).toEqual({
    path,
    field,
    status: 400,
    code: "invalid_request",
  });
  expect(await stateSnapshot(stack.db)).toBe(before);
  expect((await stack.db.$client.execute("SELECT COUNT(*) AS n FROM tasks")).rows[0]!.n).toBe(tasksBefore);
}

describe("tenant URL policy at the server (production rules)", () => {
  test("private, loopback, link-local and metadata hosts are refused everywhere a tenant gives a URL", async () => {
    stack = await startStack({ serverEnv: { NODE_ENV: "production", GATEWAY_URL: "https://gateway.test" } });
    const { apiKey } = await stack.createTenant(1_000);
    // A signing secret first, so callback_url is refused for its host and not for the missing secret.
    expect((await call("PUT", "/webhooks", apiKey, { url: "https://hooks.example.com/waule" })).status).toBe(200);
    for (const url of PRIVATE_URLS) {
      await expectRefused(
        "POST",
        "/images/generations",
        apiKey,
        { model: "sandbox-image", prompt: "x", reference_image: url },
        "reference_image",
      );
      await expectRefused(
        "POST",
        "/videos/generations",
        apiKey,
        { model: "sandbox-video", prompt: "x", duration: 4, resolution: "720p", first_frame: url },
        "first_frame",
      );
      await expectRefused(
        "POST",
        "/videos/generations",
        apiKey,
        {
          model: "sandbox-video",
          prompt: "x",
          duration: 4,
          resolution: "720p",
          first_frame: "https://cdn.example.com/a.png",
          last_frame: url,
        },
        "last_frame",
      );
      await expectRefused(
        "POST",
        "/videos/generations",
        apiKey,
        { model: "sandbox-video", prompt: "x", duration: 4, resolution: "720p", callback_url: url },
        "callback_url",
      );
      await expectRefused("PUT", "/webhooks", apiKey, { url }, "webhook url");
    }
  });

  test("non-http schemes and non-image data: URLs are refused; data:image frames and public URLs pass", async () => {
    stack = await startStack({ serverEnv: { NODE_ENV: "production", GATEWAY_URL: "https://gateway.test" } });
    const { apiKey } = await stack.createTenant(1_000);
    // The key's first use stamps last_used_at; done here so the snapshots compare only what the refused calls did.
    expect((await stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(
      200,
    );
    await expectRefused(
      "POST",
      "/images/generations",
      apiKey,
      { model: "sandbox-image", prompt: "x", reference_image: "file:///etc/passwd" },
      "reference_image",
    );
    await expectRefused(
      "POST",
      "/images/generations",
      apiKey,
      { model: "sandbox-image", prompt: "x", reference_image: "ftp://example.com/a.png" },
      "reference_image",
    );
    await expectRefused(
      "POST",
      "/videos/generations",
      apiKey,
      {
        model: "sandbox-video",
        prompt: "x",
        duration: 4,
        resolution: "720p",
        first_frame: "data:text/html;base64,PGgxPg==",
      },
      "first_frame",
    );
    const png = "data:image/png;base64,iVBORw0KGgo=";
    const accepted = await call("POST", "/videos/generations", apiKey, {
      model: "sandbox-video",
      prompt: "x",
      duration: 4,
      resolution: "720p",
      first_frame: png,
    });
    expect(accepted.status).toBe(202);
    const image = await call("POST", "/images/generations", apiKey, {
      model: "sandbox-image",
      prompt: "x",
      reference_image: "https://cdn.example.com/ref.png",
    });
    expect(image.status).toBe(200);
  });

  test("outside production (or with WEBHOOK_ALLOW_PRIVATE_URLS=true) private hosts are accepted, as local development needs", async () => {
    stack = await startStack({
      serverEnv: { NODE_ENV: "production", GATEWAY_URL: "https://gateway.test", WEBHOOK_ALLOW_PRIVATE_URLS: "true" },
    });
    const { apiKey } = await stack.createTenant(1_000);
    expect((await call("PUT", "/webhooks", apiKey, { url: "http://127.0.0.1:9999/hooks" })).status).toBe(200);
    expect(
      (
        await call("POST", "/videos/generations", apiKey, {
          model: "sandbox-video",
          prompt: "x",
          duration: 4,
          resolution: "720p",
          first_frame: "http://10.0.0.8/a.png",
        })
      ).status,
    ).toBe(202);
  });
});
