import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeMinimax, startFakeMinimax } from "../../../test/fakes/minimax.ts";
import type { ProviderContext, SpeechInput } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { minimaxProvider } from "./index.ts";

let fake: FakeMinimax;
beforeAll(() => {
  fake = startFakeMinimax();
});
afterAll(() => fake.stop());

const speech = minimaxProvider.speech!;
const ctx = (): ProviderContext => ({
  key: { id: "k1", secret: "mm-key", baseUrl: fake.url },
  fetch,
  clock: { now: () => 0 },
});
const base: SpeechInput = {
  model: "speech-02-hd",
  input: "今天是不是很开心呀",
  voice: "male-qn-qingse",
  format: "mp3",
  speed: 1.2,
};

describe("minimax speech", () => {
  test("posts T2A v2 with voice and audio settings and decodes the hex audio into bytes", async () => {
    const from = fake.requests.length;
    const { audio } = await speech.synthesize(base, ctx());
    const req = fake.requests[from]!;
    expect(`${req.method} ${req.path}`).toBe("POST /v1/t2a_v2");
    expect(req.headers.authorization).toBe("Bearer mm-key");
    expect(req.body).toEqual({
      model: "speech-02-hd",
      text: "今天是不是很开心呀",
      stream: false,
      voice_setting: { voice_id: "male-qn-qingse", speed: 1.2 },
      audio_setting: { format: "mp3" },
      output_format: "hex",
    });
    expect(audio.kind).toBe("bytes");
    if (audio.kind !== "bytes") return;
    expect([...audio.data]).toEqual([...fake.audio]);
    expect(audio.mimeType).toBe("audio/mpeg");
    expect(audio.durationSeconds).toBe(9.9);
  });

  test("wav is labelled audio/wav and speed defaults to 1", async () => {
    const from = fake.requests.length;
    const { audio } = await speech.synthesize({ ...base, format: "wav", speed: undefined }, ctx());
    expect(audio.mimeType).toBe("audio/wav");
    expect((fake.requests[from]!.body as { voice_setting: unknown }).voice_setting).toEqual({
      voice_id: "male-qn-qingse",
      speed: 1,
    });
  });

  test("a format MiniMax does not produce is refused without calling it", async () => {
    const from = fake.requests.length;
    await expect(speech.synthesize({ ...base, format: "opus" }, ctx())).rejects.toMatchObject({
      code: "invalid_request",
    });
    expect(fake.requests.length).toBe(from);
  });

  test("sensitive input and a bad voice come back as refusal and bad request", async () => {
    fake.answerNext(200, { data: null, base_resp: { status_code: 1026, status_msg: "input new_sensitive" } });
    const refused = await speech.synthesize(base, ctx()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect((refused as UpstreamError).code).toBe("content_refused");
    expect((refused as UpstreamError).failure.contentRefused).toBe(true);

    fake.answerNext(200, { base_resp: { status_code: 2013, status_msg: "invalid params, voice_id not exist" } });
    const bad = (await speech.synthesize(base, ctx()).catch((e: unknown) => e)) as UpstreamError;
    expect([bad.code, bad.retryable]).toEqual(["upstream_bad_request", false]);
  });

  test("rate limit is retryable quota and an answer without audio is an outage", async () => {
    fake.answerNext(200, { base_resp: { status_code: 1002, status_msg: "rate limit" } });
    const limited = (await speech.synthesize(base, ctx()).catch((e: unknown) => e)) as UpstreamError;
    expect([limited.code, limited.retryable]).toEqual(["upstream_quota", true]);

    fake.answerNext(200, { data: { audio: "" }, base_resp: { status_code: 0, status_msg: "success" } });
    const empty = (await speech.synthesize(base, ctx()).catch((e: unknown) => e)) as UpstreamError;
    expect([empty.code, empty.failure.status]).toEqual(["upstream_unavailable", 502]);
  });
});
