import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { fakeSpeechBytes, openAIError, startOpenAIFake } from "../../../test/fakes/openai.ts";
import type { ProviderContext } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { createOpenAICompatibleProvider } from "./index.ts";

const fake = startOpenAIFake();
afterAll(() => fake.stop());
beforeEach(() => void fake.requests.splice(0));

const speech = createOpenAICompatibleProvider({ name: "openai", defaultBaseUrl: fake.baseUrl }).speech!;
const ctx: ProviderContext = { key: { id: "k1", secret: "sk-tts" }, fetch, clock: { now: () => 0 } };

describe("openai-compatible speech", () => {
  test("posts to /audio/speech and returns the binary body with the upstream's audio type", async () => {
    const out = await speech.synthesize(
      { model: "gpt-4o-mini-tts", input: "Hello", voice: "alloy", format: "mp3", speed: 1.25 },
      ctx,
    );
    const req = fake.requests[0]!;
    expect(req.path).toBe("/v1/audio/speech");
    expect(req.headers.authorization).toBe("Bearer sk-tts");
    expect(req.body).toEqual({
      model: "gpt-4o-mini-tts",
      input: "Hello",
      voice: "alloy",
      response_format: "mp3",
      speed: 1.25,
    });
    if (out.audio.kind !== "bytes") throw new Error("expected bytes");
    expect(out.audio.mimeType).toBe("audio/mpeg");
    expect([...out.audio.data]).toEqual([...fakeSpeechBytes]);
  });

  test("a generic content type falls back to the requested format's type", async () => {
    fake.enqueue({ bytes: new Uint8Array([1, 2, 3]), contentType: "application/octet-stream" });
    const out = await speech.synthesize({ model: "tts-1", input: "Hi", voice: "nova", format: "wav" }, ctx);
    expect(out.audio).toMatchObject({ kind: "bytes", mimeType: "audio/wav" });
    expect(fake.requests[0]!.body).toEqual({ model: "tts-1", input: "Hi", voice: "nova", response_format: "wav" });
  });

  test("an error body maps to an UpstreamError", async () => {
    fake.enqueue(openAIError(400, "Invalid voice", "invalid_request_error", null));
    const err = (await speech
      .synthesize({ model: "tts-1", input: "Hi", voice: "nope", format: "mp3" }, ctx)
      .catch((e: unknown) => e)) as UpstreamError;
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.code).toBe("upstream_bad_request");
  });
});
