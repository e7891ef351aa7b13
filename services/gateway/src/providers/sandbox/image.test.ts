import { describe, expect, test } from "bun:test";
import { parsePng } from "../../../test/support/png";
import { UpstreamError } from "../upstream-error";
import { renderSandboxImage } from "./image";
import { createSandboxProvider } from "./index";

const ctx = { key: { id: null, secret: "" }, fetch, clock: { now: () => 0 } };

describe("sandbox images", () => {
  test("are valid PNGs of the requested size", () => {
    const png = parsePng(renderSandboxImage({ prompt: "a red fox", seed: 7, index: 0, width: 320, height: 200 }));
    expect([png.width, png.height, png.bitDepth, png.colourType]).toEqual([320, 200, 8, 2]);
    // One filter byte plus three bytes per pixel on every row.
    expect(png.raw.length).toBe(200 * (1 + 320 * 3));
    for (let y = 0; y < 200; y++) expect(png.raw[y * (1 + 320 * 3)]).toBe(0);
  });

  test("are deterministic for the same prompt and seed, and differ otherwise", () => {
    const a = renderSandboxImage({ prompt: "a red fox", seed: 7, index: 0, width: 128, height: 96 });
    const same = renderSandboxImage({ prompt: "a red fox", seed: 7, index: 0, width: 128, height: 96 });
    expect(Buffer.from(a).equals(Buffer.from(same))).toBe(true);
    for (const other of [
      { prompt: "a blue fox", seed: 7, index: 0 },
      { prompt: "a red fox", seed: 8, index: 0 },
      { prompt: "a red fox", seed: 7, index: 1 },
    ]) {
      const b = renderSandboxImage({ ...other, width: 128, height: 96 });
      expect(Buffer.from(parsePng(a).raw).equals(Buffer.from(parsePng(b).raw))).toBe(false);
    }
  });

  test("the provider answers n images marked as sandbox output", async () => {
    const provider = createSandboxProvider({ latencyMs: 0, failureRate: 0 });
    const out = await provider.image!.generate(
      { model: "sandbox-image", prompt: "hi", n: 3, width: 64, height: 64, seed: 1 },
      ctx,
    );
    expect(out.images).toHaveLength(3);
    for (const img of out.images) {
      expect(img).toMatchObject({
        kind: "bytes",
        mimeType: "image/png",
        width: 64,
        height: 64,
        revisedPrompt: "[sandbox] hi",
      });
    }
  });

  test("fails as an overloaded upstream when the injected random draw is under the failure rate", async () => {
    const draws = [0.1, 0.9];
    const provider = createSandboxProvider({ latencyMs: 0, failureRate: 0.5, random: () => draws.shift()! });
    const input = { model: "sandbox-image", prompt: "hi", n: 1, width: 64, height: 64 };
    const err = await provider.image!.generate(input, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).code).toBe("upstream_unavailable");
    expect((await provider.image!.generate(input, ctx)).images).toHaveLength(1);
  });

  test("waits the configured latency through the injected sleep", async () => {
    const slept: number[] = [];
    const provider = createSandboxProvider({
      latencyMs: 250,
      failureRate: 0,
      sleep: async (ms) => void slept.push(ms),
    });
    await provider.image!.generate({ model: "m", prompt: "p", n: 1, width: 64, height: 64 }, ctx);
    expect(slept).toEqual([250]);
  });
});
