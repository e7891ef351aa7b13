import { describe, expect, test } from "bun:test";
import { matchesModel } from "./catalogue";
import { createDefaultRegistry, createProviderRegistry } from "./registry";
import type { Capability, Provider } from "./types";

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
    const got = await registry(true).resolve("image", {
      model: "seedream-4",
      provider: "sandbox",
      upstreamModel: "up-1",
    });
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
    await expect(registry(true).resolve("image", { model: "gpt-image-1" })).rejects.toThrow(
      /no provider serves model "gpt-image-1"/,
    );
  });

  test("unknown providers and missing capabilities are 400s", async () => {
    await expect(registry(false).resolve("image", { model: "x", provider: "nope" })).rejects.toMatchObject({
      code: "invalid_request",
    });
    await expect(registry(false).resolve("image", { model: "x", provider: "talker" })).rejects.toThrow(
      /cannot do image/,
    );
  });

  test("a provider name can be registered once", () => {
    expect(() => registry(false).register(imageOnly("doubao"))).toThrow(/already registered/);
  });
});

describe("default registry (catalogue)", () => {
  const build = (hasKeys: boolean) =>
    createDefaultRegistry({
      hasProviderKeys: async () => hasKeys,
      sandbox: { latencyMs: 0, failureRate: 0 },
      soraProxy: async () => null,
    });

  test("every built-in provider is registered once, sandbox included", () => {
    expect(build(true).names().sort()).toEqual([
      "deepseek",
      "doubao",
      "gemini",
      "midjourney",
      "minimax",
      "openai",
      "qwen",
      "sandbox",
      "sora",
      "vidu",
      "wanx",
    ]);
  });

  test("with keys configured, model families route to their provider by pattern", async () => {
    const r = build(true);
    const cases: [Capability, string, string][] = [
      ["chat", "gpt-4o-mini", "openai"],
      ["image", "gpt-image-1", "openai"],
      ["speech", "tts-1", "openai"],
      ["chat", "deepseek-chat", "deepseek"],
      ["chat", "qwen-plus", "qwen"],
      ["image", "doubao-seedream-4-0-250828", "doubao"],
      ["video", "doubao-seedance-1-0-pro-250528", "doubao"],
      ["chat", "doubao-1-5-pro-32k-250115", "doubao"],
      ["image", "wanx2.1-t2i-turbo", "wanx"],
      ["video", "wan2.5-t2v-preview", "wanx"],
      ["speech", "qwen-tts", "wanx"],
      ["chat", "gemini-2.5-flash", "gemini"],
      ["image", "imagen-4.0-generate-001", "gemini"],
      ["video", "veo-3.0-generate-001", "gemini"],
      ["video", "viduq1", "vidu"],
      ["video", "vidu2.0", "vidu"],
      ["video", "MiniMax-Hailuo-02", "minimax"],
      ["speech", "speech-02-hd", "minimax"],
      ["video", "sora-2", "sora"],
    ];
    for (const [capability, model, provider] of cases) {
      const got = await r.resolve(capability, { model });
      expect([model, got.provider.name, got.upstreamModel]).toEqual([model, provider, model]);
    }
  });

  test("without any key the sandbox serves catalogue models it can do; named providers stay named", async () => {
    const r = build(false);
    expect((await r.resolve("image", { model: "gpt-image-1" })).provider.name).toBe("sandbox");
    expect((await r.resolve("chat", { model: "deepseek-chat" })).provider.name).toBe("sandbox");
    expect((await r.resolve("image", { model: "gpt-image-1", provider: "openai" })).provider.name).toBe("openai");
  });

  test("a model family does not lend a capability its provider lacks", async () => {
    await expect(build(true).resolve("image", { model: "deepseek-chat" })).rejects.toThrow(/cannot do image/);
  });

  test("stand-in models come from the catalogue's fallbacks", () => {
    expect(build(true).fallbackFor("gemini-2.5-pro")).toEqual({ model: "gemini-2.5-flash" });
    expect(build(true).fallbackFor("gemini-2.5-flash")).toBeUndefined();
  });
});

describe("model patterns", () => {
  test("exact names, trailing and inner wildcards; dots are literal", () => {
    expect(matchesModel("vidu2.0", "vidu2.0")).toBe(true);
    expect(matchesModel("vidu2.0", "vidu2x0")).toBe(false);
    expect(matchesModel("doubao-seedream-*", "doubao-seedream-4-0-250828")).toBe(true);
    expect(matchesModel("doubao-*-pro*", "doubao-1-5-pro-32k")).toBe(true);
    expect(matchesModel("doubao-*-pro*", "doubao-seedream-4")).toBe(false);
    expect(matchesModel("wanx2.1-*", "wanx2x1-t2i")).toBe(false);
  });

  test("an exact registration wins over an earlier pattern", async () => {
    const r = createProviderRegistry({ hasProviderKeys: async () => true });
    r.register(imageOnly("broad"), { models: ["img-*"] });
    r.register(imageOnly("narrow"), { models: ["img-special"] });
    expect((await r.resolve("image", { model: "img-special" })).provider.name).toBe("narrow");
    expect((await r.resolve("image", { model: "img-other" })).provider.name).toBe("broad");
  });
});
