// GET /api/v1/models: OpenAI's list shape with Waule prices, for authenticated tenants only.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { modelList } from "@waule/shared/models";
import { type Stack, startStack } from "./support/stack";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

describe("GET /api/v1/models", () => {
  test("lists enabled models with their prices, hides disabled ones, and needs a key", async () => {
    const { apiKey } = await stack.createTenant(0);
    await stack.db.$client.execute("UPDATE models SET enabled = 0 WHERE id = 'sandbox-video'");
    expect((await stack.app.request("/api/v1/models")).status).toBe(401);
    const res = await stack.app.request("/api/v1/models", { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(200);
    // The answer is exactly the shared schema the web app parses (strict parse of the outer shape).
    const body = modelList.parse(await res.json());
    expect(body.object).toBe("list");
    expect(body.data.map((m) => m.id)).toEqual(["sandbox-image", "sandbox-chat", "sandbox-tts"]);
    expect(body.data[0]).toMatchObject({
      object: "model",
      owned_by: "waule",
      waule: { price: 10, price_unit: "per_image", capability: "image" },
    });
  });
});
