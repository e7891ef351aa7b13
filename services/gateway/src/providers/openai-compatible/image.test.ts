import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { fakePngBase64, openAIError, startOpenAIFake } from "../../../test/fakes/openai.ts";
import type { ProviderContext } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { createOpenAICompatibleProvider } from "./index.ts";

const fake = startOpenAIFake();
afterAll(() => fake.stop());
beforeEach(() => void fake.requests.splice(0));

const image = createOpenAICompatibleProvider({ name: "openai", defaultBaseUrl: fake.baseUrl }).image!;
const ctx: ProviderContext = { key: { id: "k1", secret: "sk-img" }, fetch, clock: { now: () => 0 } };
const input = { model: "gpt-image-1", prompt: "a red fox", n: 2, width: 1024, height: 1536 };

describe("openai-compatible images", () => {
  test("posts model, prompt, n and size to /images/generations and decodes b64_json to bytes", async () => {
    fake.enqueue({
      status: 200,
      json: {
        created: 1,
        data: [{ b64_json: fakePngBase64 }, { b64_json: fakePngBase64, revised_prompt: "a red fox, photo" }],
      },
    });
    const out = await image.generate(input, ctx);
    const req = fake.requests[0]!;
    expect(req.path).toBe("/v1/images/generations");
    expect(req.headers.authorization).toBe("Bearer sk-img");
    expect(req.body).toEqual({ model: "gpt-image-1", prompt: "a red fox", n: 2, size: "1024x1536" });
    expect(out.images).toHaveLength(2);
    const first = out.images[0]!;
    if (first.kind !== "bytes") throw new Error("expected bytes");
    expect(first.mimeType).toBe("image/png");
    expect(Buffer.from(first.data).toString("base64")).toBe(fakePngBase64);
    expect(out.images[1]!.revisedPrompt).toBe("a red fox, photo");
  });

  test("returns upstream URLs as url outputs", async () => {
    fake.enqueue({ status: 200, json: { created: 1, data: [{ url: "https://cdn.example/img-1.png" }] } });
    const out = await image.generate({ ...input, model: "dall-e-3", n: 1 }, ctx);
    expect(out.images).toEqual([{ kind: "url", url: "https://cdn.example/img-1.png", width: 1024, height: 1536 }]);
  });

  test("a safety rejection is content_refused", async () => {
    fake.enqueue(
      openAIError(
        400,
        "Your request was rejected as a result of our safety system.",
        "invalid_request_error",
        "content_policy_violation",
      ),
    );
    const err = (await image.generate(input, ctx).catch((e: unknown) => e)) as UpstreamError;
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.code).toBe("content_refused");
  });

  test("an answer without images is an upstream fault", async () => {
    fake.enqueue({ status: 200, json: { created: 1, data: [] } });
    const err = (await image.generate(input, ctx).catch((e: unknown) => e)) as UpstreamError;
    expect(err.code).toBe("upstream_unavailable");
  });

  test("reference images are rejected before any upstream call", async () => {
    const err = (await image
      .generate({ ...input, referenceImage: "https://x.test/a.png" }, ctx)
      .catch((e: unknown) => e)) as UpstreamError;
    expect(err.code).toBe("invalid_request");
    expect(fake.requests).toHaveLength(0);
  });
});
