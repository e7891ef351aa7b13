import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { fakePngBase64, googleError, imageAnswer, startGeminiFake } from "../../../test/fakes/gemini.ts";
import type { ProviderContext } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { nearestRatio } from "./image.ts";
import { geminiProvider } from "./index.ts";

const fake = startGeminiFake();
afterAll(() => fake.stop());
beforeEach(() => void fake.requests.splice(0));

const image = geminiProvider.image!;
const ctx = (): ProviderContext => ({
  key: { id: "g1", secret: fake.validKey, baseUrl: fake.baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const jpegBase64 = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString("base64");

describe("gemini images", () => {
  test("Gemini image models: one generateContent call per image with IMAGE modality; inlineData becomes bytes", async () => {
    fake.enqueue({ status: 200, json: imageAnswer() }, { status: 200, json: imageAnswer(jpegBase64, "image/jpeg") });
    const out = await image.generate(
      {
        model: "gemini-2.5-flash-image",
        prompt: "a lighthouse",
        n: 2,
        width: 1920,
        height: 1080,
        seed: 10,
        referenceImage: "https://cdn.test/ref.webp",
      },
      ctx(),
    );
    expect(fake.requests.map((r) => r.path)).toEqual([
      "/v1beta/models/gemini-2.5-flash-image:generateContent",
      "/v1beta/models/gemini-2.5-flash-image:generateContent",
    ]);
    expect(fake.requests[0]!.headers["x-goog-api-key"]).toBe(fake.validKey);
    expect(fake.requests[0]!.body).toEqual({
      contents: [
        {
          role: "user",
          parts: [
            { text: "a lighthouse" },
            { fileData: { mimeType: "image/webp", fileUri: "https://cdn.test/ref.webp" } },
          ],
        },
      ],
      generationConfig: { responseModalities: ["TEXT", "IMAGE"], imageConfig: { aspectRatio: "16:9" }, seed: 10 },
    });
    expect((fake.requests[1]!.body as { generationConfig: { seed: number } }).generationConfig.seed).toBe(11);
    expect(
      out.images.map((i) => (i.kind === "bytes" ? [i.mimeType, Buffer.from(i.data).toString("base64")] : null)),
    ).toEqual([
      ["image/png", fakePngBase64],
      ["image/jpeg", jpegBase64],
    ]);
  });

  test("stops at the first failed call instead of paying for the rest", async () => {
    fake.enqueue(googleError(429, "RESOURCE_EXHAUSTED", "quota"));
    const err = (await image
      .generate({ model: "gemini-2.5-flash-image", prompt: "x", n: 3, width: 1024, height: 1024 }, ctx())
      .catch((e: unknown) => e)) as UpstreamError;
    expect(err.code).toBe("upstream_quota");
    expect(fake.requests).toHaveLength(1);
  });

  test("IMAGE_SAFETY and a blocked prompt are refusals; a text-only answer is not an image", async () => {
    const input = { model: "gemini-2.5-flash-image", prompt: "x", n: 1, width: 1024, height: 1024 };
    fake.enqueue({ status: 200, json: { candidates: [{ content: { parts: [] }, finishReason: "IMAGE_SAFETY" }] } });
    expect(((await image.generate(input, ctx()).catch((e: unknown) => e)) as UpstreamError).code).toBe(
      "content_refused",
    );
    fake.enqueue({ status: 200, json: { promptFeedback: { blockReason: "SAFETY" } } });
    expect(((await image.generate(input, ctx()).catch((e: unknown) => e)) as UpstreamError).code).toBe(
      "content_refused",
    );
    fake.enqueue({
      status: 200,
      json: { candidates: [{ content: { parts: [{ text: "I can only describe it." }] }, finishReason: "STOP" }] },
    });
    const err = (await image.generate(input, ctx()).catch((e: unknown) => e)) as UpstreamError;
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.code).toBe("upstream_bad_request");
    expect(err.retryable).toBe(false);
  });

  test("Imagen models go to :predict with sampleCount and the nearest supported aspect ratio", async () => {
    const out = await image.generate(
      { model: "imagen-4.0-generate-001", prompt: "a fox", n: 2, width: 768, height: 1024 },
      ctx(),
    );
    const req = fake.requests[0]!;
    expect(req.path).toBe("/v1beta/models/imagen-4.0-generate-001:predict");
    expect(req.headers["x-goog-api-key"]).toBe(fake.validKey);
    expect(req.body).toEqual({ instances: [{ prompt: "a fox" }], parameters: { sampleCount: 2, aspectRatio: "3:4" } });
    expect(out.images).toHaveLength(2);
    expect(out.images[0]).toMatchObject({ kind: "bytes", mimeType: "image/png" });
  });

  test("Imagen answering no predictions (all filtered) is a refusal", async () => {
    fake.enqueue({ status: 200, json: { predictions: [{ raiFilteredReason: "Unable to show generated images." }] } });
    const err = (await image
      .generate({ model: "imagen-4.0-generate-001", prompt: "x", n: 1, width: 1024, height: 1024 }, ctx())
      .catch((e: unknown) => e)) as UpstreamError;
    expect(err.code).toBe("content_refused");
    expect(err.message).toContain("Unable to show generated images.");
  });

  test("nearestRatio picks the documented ratio closest to the requested size", () => {
    expect(nearestRatio(1024, 1024, ["1:1", "16:9"])).toBe("1:1");
    expect(nearestRatio(1080, 1920, ["1:1", "3:4", "9:16", "16:9"])).toBe("9:16");
    expect(nearestRatio(2560, 1080, ["16:9", "21:9"])).toBe("21:9");
  });
});
