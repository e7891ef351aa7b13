import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeSora, startFakeSora } from "../../../test/fakes/sora.ts";
import type { VideoInput } from "../types.ts";
import { createSoraFromSettings } from "./from-settings.ts";

let fake: FakeSora;
beforeAll(() => {
  fake = startFakeSora();
});
afterAll(() => fake.stop());

const input: VideoInput = {
  model: "sora-2",
  prompt: "a paper plane over a city",
  durationSeconds: 10,
  resolution: "720p",
  ratio: "9:16",
};

describe("sora from the sora-proxy setting", () => {
  test("each call reads the setting: its base URL and key are used, a change applies to the next call", async () => {
    let setting: { baseUrl: string; apiKey: string } | null = { baseUrl: fake.url, apiKey: "sora-key" };
    const sora = createSoraFromSettings(async () => setting);
    expect(sora.requiresKey).toBe(false);
    const keyless = { key: { id: null, secret: "" }, fetch, clock: { now: () => 0 } };

    const { upstreamTaskId } = await sora.video!.submit(input, keyless);
    const submit = fake.requests.at(-1)!;
    expect([submit.method, submit.path, submit.headers.authorization]).toEqual([
      "POST",
      "/v1/videos",
      "Bearer sora-key",
    ]);
    expect(submit.body).toMatchObject({ model: "sora-2", prompt: "a paper plane over a city", size: "720x1280" });

    // The operator rotates the key: the very next poll sends the new one (which this fake does not know).
    setting = { baseUrl: fake.url, apiKey: "sora-key-rotated" };
    const err = await sora.video!.poll(upstreamTaskId, keyless).catch((e) => e);
    expect(err.failure.status).toBe(401);
    const poll = fake.requests.at(-1)!;
    expect([poll.method, poll.path, poll.headers.authorization]).toEqual([
      "GET",
      `/v1/videos/${upstreamTaskId}`,
      "Bearer sora-key-rotated",
    ]);
  });

  test("without a configured proxy the call fails clearly and nothing is sent", async () => {
    const before = fake.requests.length;
    const sora = createSoraFromSettings(async () => null);
    const err = await sora
      .video!.submit(input, { key: { id: null, secret: "" }, fetch, clock: { now: () => 0 } })
      .catch((e) => e);
    expect(err.code).toBe("upstream_unavailable");
    expect(err.message).toContain("/api/sora-proxy");
    expect(fake.requests.length).toBe(before);
  });
});
