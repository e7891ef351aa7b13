import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeArk, startFakeArk } from "../../../test/fakes/doubao";
import { pollUntilDone as pollVideoUntilDone } from "../../../test/support/video-polls";
import type { ProviderContext, VideoInput } from "../types";
import { UpstreamError } from "../upstream-error";
import { doubaoProvider } from "./index";

let fake: FakeArk;
beforeAll(() => {
  fake = startFakeArk();
});
afterAll(() => fake.close());

const ctx = (): ProviderContext => ({
  key: { id: "k1", secret: fake.apiKey, baseUrl: fake.baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const video = doubaoProvider.video!;
const base: VideoInput = {
  model: "doubao-seedance-1-0-pro-250528",
  prompt: "海边日落",
  durationSeconds: 5,
  resolution: "720p",
  ratio: "16:9",
};

const pollUntilDone = (id: string) => pollVideoUntilDone(video, id, ctx);

describe("Seedance video tasks", () => {
  test("text-to-video: creates a task with the prompt and parameter fields", async () => {
    const { upstreamTaskId } = await video.submit({ ...base, seed: 7 }, ctx());
    const req = fake.requests.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/api/v3/contents/generations/tasks");
    expect(req.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(req.body).toEqual({
      model: "doubao-seedance-1-0-pro-250528",
      content: [{ type: "text", text: "海边日落" }],
      resolution: "720p",
      ratio: "16:9",
      duration: 5,
      watermark: false,
      seed: 7,
    });
    expect(upstreamTaskId).toMatch(/^cgt-/);
  });

  test("first and last frames go as image_url items with their roles", async () => {
    await video.submit(
      { ...base, firstFrame: "https://example.com/a.png", lastFrame: "data:image/png;base64,AAAA" },
      ctx(),
    );
    const body = fake.requests.at(-1)!.body as { content: unknown[]; ratio: string };
    expect(body.content).toEqual([
      { type: "text", text: "海边日落" },
      { type: "image_url", image_url: { url: "https://example.com/a.png" }, role: "first_frame" },
      { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" }, role: "last_frame" },
    ]);
    expect(body.ratio).toBe("adaptive");
  });

  test("polls GET /contents/generations/tasks/{id} through queued and running to the video URL", async () => {
    const { upstreamTaskId } = await video.submit(base, ctx());
    const { seen, last } = await pollUntilDone(upstreamTaskId);
    expect(seen).toEqual(["queued", "running", "succeeded"]);
    const polls = fake.requests.filter((r) => r.method === "GET");
    expect(polls.at(-1)!.path).toBe(`/api/v3/contents/generations/tasks/${upstreamTaskId}`);
    expect(polls.at(-1)!.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(last).toEqual({
      status: "succeeded",
      videos: [
        {
          kind: "url",
          url: expect.stringContaining(`/files/${upstreamTaskId}.mp4`),
          mimeType: "video/mp4",
          durationSeconds: 5,
        },
      ],
    });
  });

  test("a task refused by moderation fails as content_refused", async () => {
    fake.scriptNextTask([
      { status: "running" },
      {
        status: "failed",
        error: {
          code: "OutputVideoSensitiveContentDetected",
          message: "The generated video may contain sensitive information.",
        },
      },
    ]);
    const { upstreamTaskId } = await video.submit(base, ctx());
    const { seen, last } = await pollUntilDone(upstreamTaskId);
    expect(seen).toEqual(["running", "failed"]);
    expect(last).toEqual({
      status: "failed",
      code: "content_refused",
      message: expect.stringContaining("OutputVideoSensitiveContentDetected"),
    });
  });

  test("an internal task failure and a cancelled task fail as upstream_unavailable", async () => {
    fake.scriptNextTask([{ status: "failed", error: { code: "InternalServiceError", message: "boom" } }]);
    const a = await video.submit(base, ctx());
    expect(await video.poll(a.upstreamTaskId, ctx())).toEqual({
      status: "failed",
      code: "upstream_unavailable",
      message: "doubao: InternalServiceError: boom",
    });
    fake.scriptNextTask([{ status: "cancelled" }]);
    const b = await video.submit(base, ctx());
    expect((await video.poll(b.upstreamTaskId, ctx())).status).toBe("failed");
  });

  test("a rate-limited submit throws a 429 UpstreamError so the pool can cool the key", async () => {
    fake.failNext(429, "RateLimitExceeded.EndpointRPMExceeded", "too many");
    const err = await rejection(video.submit(base, ctx()));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.failure.status).toBe(429);
    expect(err.code).toBe("upstream_quota");
  });

  test("polling an unknown task is an upstream error, not a silent success", async () => {
    const err = await rejection(video.poll("cgt-missing", ctx()));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.failure.status).toBe(404);
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
