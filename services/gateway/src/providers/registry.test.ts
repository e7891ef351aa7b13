import { describe, expect, test } from "bun:test";
import { createProviderRegistry } from "./registry";
import type { Provider } from "./types";

const imageOnly = (name: string, requiresKey = true): Provider => ({
  name,
  requiresKey,
  image: { generate: async () => ({ images: [] }) },
});
const chatOnly: Provider = { name: "talker", requiresKey: true };

function registry(hasKeys: boolean) {
  const r = createProviderRegistry({ hasProviderKeys: async () => hasKeys });
  r.register(imageOnly("sandbox", false), { models: ["sandbox-image"] });
  r.register(imageOnly("doubao"), { models: ["seedream-4"] });
  r.register(chatOnly);
  return r;
}

describe("provider registry", () => {
  test("the provider named by the call wins over the model's declared one", async () => {
    const got = await registry(true).resolve("image", { model: "seedream-4", provider: "sandbox", upstreamModel: "up-1" });
    expect(got.provider.name).toBe("sandbox");
    expect(got.upstreamModel).toBe("up-1");
  });

  test("otherwise the provider declared for the model serves it, with the model as upstream model", async () => {
    const got = await registry(true).resolve("image", { model: "seedream-4" });
    expect(got.provider.name).toBe("doubao");
    expect(got.upstreamModel).toBe("seedream-4");
  });

  test("an undeclared model falls back to the sandbox only while no provider keys exist", async () => {
    expect((await registry(false).resolve("image", { model: "gpt-image-1" })).provider.name).toBe("sandbox");
    await expect(registry(true).resolve("image", { model: "gpt-image-1" })).rejects.toThrow(/no provider serves model "gpt-image-1"/);
  });

  test("unknown providers and missing capabilities are 400s", async () => {
    await expect(registry(false).resolve("image", { model: "x", provider: "nope" })).rejects.toMatchObject({ code: "invalid_request" });
    await expect(registry(false).resolve("image", { model: "x", provider: "talker" })).rejects.toThrow(/cannot do image/);
  });

  test("a provider name can be registered once", () => {
    expect(() => registry(false).register(imageOnly("doubao"))).toThrow(/already registered/);
  });
});
