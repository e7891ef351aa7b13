import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FAKE_ARK_IMAGE_BYTES, type FakeArk, startFakeArk } from "../../../test/fakes/doubao";
import type { ProviderContext } from "../types";
import { UpstreamError } from "../upstream-error";
import { createDoubaoProvider, doubaoProvider } from "./index";

let fake: FakeArk;
beforeAll(() => {
  fake = startFakeArk();
});
afterAll(() => fake.close());

function ctx(secret = fake.apiKey): ProviderContext & { calls: string[] } {
  const calls: string[] = [];
  return {
    key: { id: "k1", secret, baseUrl: fake.baseUrl },
    fetch: ((url: string, init?: RequestInit) => {
      calls.push(String(url));
      return fetch(url, init);
    }) as typeof fetch,
    clock: { now: () => 0 },
    calls,
  };
}

const input = { model: "doubao-seedream-4-0-250828", prompt: "一只橘猫", n: 1, width: 2048, height: 2048 };

describe("Seedream images", () => {
  test("posts the documented body to /images/generations with the bearer key through ctx.fetch", async () => {
    const c = ctx();
    const out = await doubaoProvider.image!.generate(
      { ...input, seed: 42, referenceImage: "https://example.com/ref.png" },
      c,
    );
    const req = fake.requests.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/api/v3/images/generations");
    expect(req.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.body).toEqual({
      model: "doubao-seedream-4-0-250828",
      prompt: "一只橘猫",
      size: "2048x2048",
      response_format: "url",
      watermark: false,
      seed: 42,
      image: "https://example.com/ref.png",
    });
    expect(c.calls).toEqual([`${fake.baseUrl}/images/generations`]);
    expect(out.images).toEqual([
      {
        kind: "url",
        url: expect.stringMatching(/\/files\/seedream-1\.jpeg$/),
        mimeType: "image/jpeg",
        width: 2048,
        height: 2048,
      },
    ]);
  });

  test("asks for group mode when n > 1 and returns every image", async () => {
    const out = await doubaoProvider.image!.generate({ ...input, n: 3 }, ctx());
    const body = fake.requests.at(-1)!.body as Record<string, unknown>;
    expect(body.sequential_image_generation).toBe("auto");
    expect(body.sequential_image_generation_options).toEqual({ max_images: 3 });
    expect(out.images).toHaveLength(3);
  });

  test("b64_json answers become bytes", async () => {
    const out = await createDoubaoProvider({ imageResponseFormat: "b64_json" }).image!.generate(input, ctx());
    expect((fake.requests.at(-1)!.body as Record<string, unknown>).response_format).toBe("b64_json");
    const first = out.images[0]!;
    expect(first.kind).toBe("bytes");
    if (first.kind === "bytes") expect([...first.data]).toEqual([...FAKE_ARK_IMAGE_BYTES]);
  });

  test("keeps the images that passed when one image of a group is refused", async () => {
    fake.refuseOneImage = true;
    try {
      const out = await doubaoProvider.image!.generate({ ...input, n: 2 }, ctx());
      expect(out.images).toHaveLength(1);
      const refused = await rejection(doubaoProvider.image!.generate(input, ctx()));
      expect(refused).toBeInstanceOf(UpstreamError);
      expect(refused.code).toBe("content_refused");
    } finally {
      fake.refuseOneImage = false;
    }
  });

  test("an input refusal is content_refused, not a bad request", async () => {
    fake.failNext(
      400,
      "InputTextSensitiveContentDetected",
      "The request failed because the input text may contain sensitive information.",
    );
    const err = await rejection(doubaoProvider.image!.generate(input, ctx()));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.code).toBe("content_refused");
    expect(err.failure.upstreamCode).toBe("InputTextSensitiveContentDetected");
  });

  test("a wrong key is answered 401 by Ark and maps to an unavailable, retryable key failure", async () => {
    const err = await rejection(doubaoProvider.image!.generate(input, ctx("wrong")));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.failure.status).toBe(401);
    expect(err.failure.upstreamCode).toBe("AuthenticationError");
    expect(err.retryable).toBe(true);
  });
});

/** The UpstreamError a call failed with; fails the test if it succeeded or threw anything else. */
async function rejection(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(err)}`);
  return err;
}
