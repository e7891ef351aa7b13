import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeDashScope, startFakeDashScope } from "../../../test/fakes/wanx";
import type { ProviderContext, SpeechInput } from "../types";
import { UpstreamError } from "../upstream-error";
import { wanxProvider } from "./index";

let fake: FakeDashScope;
beforeAll(() => {
  fake = startFakeDashScope();
});
afterAll(() => fake.close());

const ctx = (): ProviderContext => ({
  key: { id: "k1", secret: fake.apiKey, baseUrl: fake.baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const input: SpeechInput = { model: "qwen3-tts-flash", input: "你好，世界", voice: "Cherry", format: "wav" };

describe("Qwen-TTS speech", () => {
  test("posts text and voice to multimodal-generation and returns the WAV URL", async () => {
    const out = await wanxProvider.speech!.synthesize(input, ctx());
    const req = fake.requests.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/api/v1/services/aigc/multimodal-generation/generation");
    expect(req.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    // A synchronous call: the async header would turn it into a task DashScope does not offer here.
    expect(req.headers["x-dashscope-async"]).toBeUndefined();
    expect(req.body).toEqual({ model: "qwen3-tts-flash", input: { text: "你好，世界", voice: "Cherry" } });
    expect(out.audio).toEqual({
      kind: "url",
      url: expect.stringMatching(/\/files\/tts-1\.wav$/),
      mimeType: "audio/wav",
    });
  });

  test("labels the audio as WAV even when another format was asked for", async () => {
    const out = await wanxProvider.speech!.synthesize({ ...input, format: "mp3" }, ctx());
    expect(out.audio.mimeType).toBe("audio/wav");
  });

  test("a refused text maps to content_refused", async () => {
    fake.failNext(400, "DataInspectionFailed", "Input data may contain inappropriate content.");
    const err = await wanxProvider.speech!.synthesize(input, ctx()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).code).toBe("content_refused");
  });
});
