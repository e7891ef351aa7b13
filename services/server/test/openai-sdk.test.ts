// The official openai SDK, pointed at a real server's /api/v1 with a tenant key, generates a billed image.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { readPng } from "./support/png";
import { type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: Stack;
let server: ReturnType<typeof Bun.serve>;
beforeAll(async () => {
  stack = await startStack();
  server = Bun.serve({ port: 0, fetch: stack.app.fetch });
});
afterAll(async () => {
  await server.stop(true);
  await stack.stop();
});

describe("openai SDK compatibility", () => {
  test("images.generate works with a Waule key and base URL, and is billed", async () => {
    const { tenant, apiKey } = await stack.createTenant(100);
    const client = new OpenAI({ apiKey, baseURL: `http://127.0.0.1:${server.port}/api/v1`, maxRetries: 0 });
    // The SDK's size type lists OpenAI's sizes; Waule accepts any WxH, and small ones keep the test fast.
    const result = await client.images.generate({
      model: "sandbox-image",
      prompt: "a lighthouse at dusk",
      n: 1,
      size: "64x64" as "256x256",
    });
    expect(result.data?.length).toBe(1);
    const url = result.data?.[0]?.url;
    expect(url).toBeString();
    const png = new Uint8Array(await (await stack.download(url!)).arrayBuffer());
    expect(readPng(png)).toMatchObject({ width: 64, height: 64 });
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 90, ledgerSum: 90 });

    const b64 = await client.images.generate({
      model: "sandbox-image",
      prompt: "a lighthouse at dawn",
      size: "64x64" as "256x256",
      response_format: "b64_json",
    });
    expect(readPng(new Uint8Array(Buffer.from(b64.data?.[0]?.b64_json ?? "", "base64")))).toMatchObject({ width: 64 });

    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain("sandbox-image");
  });

  test("the SDK surfaces Waule's errors: 401 for a bad key, 402 for an empty balance", async () => {
    const { apiKey } = await stack.createTenant(0);
    const bad = new OpenAI({
      apiKey: `wk_live_${"Z".repeat(32)}`,
      baseURL: `http://127.0.0.1:${server.port}/api/v1`,
      maxRetries: 0,
    });
    const unauthorized = await bad.images.generate({ model: "sandbox-image", prompt: "x" }).catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    const broke = new OpenAI({ apiKey, baseURL: `http://127.0.0.1:${server.port}/api/v1`, maxRetries: 0 });
    const short = await broke.images.generate({ model: "sandbox-image", prompt: "x" }).catch((e: unknown) => e);
    expect(short).toBeInstanceOf(OpenAI.APIError);
    expect((short as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
  });
});
