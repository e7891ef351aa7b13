import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AppError } from "@waule/shared/errors";
import { type FakeDashScope, startFakeDashScope } from "../../../test/fakes/wanx";
import { pollUntilDone as pollVideoUntilDone } from "../../../test/support/video-polls";
import type { ProviderContext, VideoInput } from "../types";
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
const video = wanxProvider.video!;
const base: VideoInput = {
  model: "wan2.2-t2v-plus",
  prompt: "小猫在月光下奔跑",
  durationSeconds: 5,
  resolution: "1080p",
  ratio: "16:9",
};

const pollUntilDone = (id: string) => pollVideoUntilDone(video, id, ctx);

describe("Wanx video tasks", () => {
  test("text-to-video posts the documented size for the resolution and ratio, async", async () => {
    const { upstreamTaskId } = await video.submit({ ...base, seed: 3 }, ctx());
    const req = fake.requests.at(-1)!;
    expect(req.path).toBe("/api/v1/services/aigc/video-generation/video-synthesis");
    expect(req.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(req.headers["x-dashscope-async"]).toBe("enable");
    expect(req.body).toEqual({
      model: "wan2.2-t2v-plus",
      input: { prompt: "小猫在月光下奔跑" },
      parameters: { duration: 5, watermark: false, seed: 3, size: "1920*1080" },
    });
    expect(upstreamTaskId).toMatch(/^task-/);
  });

  test("image-to-video sends img_url and a resolution tier", async () => {
    await video.submit(
      { ...base, model: "wan2.5-i2v-preview", resolution: "720p", firstFrame: "https://example.com/f.png" },
      ctx(),
    );
    const req = fake.requests.at(-1)!;
    expect(req.path).toBe("/api/v1/services/aigc/video-generation/video-synthesis");
    expect(req.body).toEqual({
      model: "wan2.5-i2v-preview",
      input: { prompt: "小猫在月光下奔跑", img_url: "https://example.com/f.png" },
      parameters: { duration: 5, watermark: false, resolution: "720P" },
    });
  });

  test("first and last frame go to the keyframe endpoint", async () => {
    await video.submit(
      {
        ...base,
        model: "wan2.1-kf2v-plus",
        resolution: "720p",
        firstFrame: "https://example.com/a.png",
        lastFrame: "https://example.com/b.png",
      },
      ctx(),
    );
    const req = fake.requests.at(-1)!;
    expect(req.path).toBe("/api/v1/services/aigc/image2video/video-synthesis");
    expect(req.headers["x-dashscope-async"]).toBe("enable");
    expect(req.body).toEqual({
      model: "wan2.1-kf2v-plus",
      input: {
        prompt: "小猫在月光下奔跑",
        first_frame_url: "https://example.com/a.png",
        last_frame_url: "https://example.com/b.png",
      },
      parameters: { duration: 5, watermark: false, resolution: "720P" },
    });
  });

  test("a ratio Wan cannot make is refused before any upstream call", async () => {
    const before = fake.requests.length;
    const err = await video.submit({ ...base, ratio: "21:9" }, ctx()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("invalid_request");
    expect(fake.requests.length).toBe(before);
  });

  test("polls PENDING → RUNNING → SUCCEEDED to output.video_url", async () => {
    const { upstreamTaskId } = await video.submit(base, ctx());
    const { seen, last } = await pollUntilDone(upstreamTaskId);
    expect(seen).toEqual(["queued", "running", "succeeded"]);
    expect(fake.requests.at(-1)!.path).toBe(`/api/v1/tasks/${upstreamTaskId}`);
    expect(last).toEqual({
      status: "succeeded",
      videos: [{ kind: "url", url: expect.stringContaining(`/files/${upstreamTaskId}.mp4`), mimeType: "video/mp4" }],
    });
  });

  test("a moderated task fails as content_refused; a cancelled or unknown one as upstream_unavailable", async () => {
    fake.scriptNextTask([
      { task_status: "RUNNING" },
      { task_status: "FAILED", code: "DataInspectionFailed", message: "Input data may contain inappropriate content." },
    ]);
    const a = await video.submit(base, ctx());
    const { last } = await pollUntilDone(a.upstreamTaskId);
    expect(last).toEqual({
      status: "failed",
      code: "content_refused",
      message: expect.stringContaining("DataInspectionFailed"),
    });

    fake.scriptNextTask([{ task_status: "CANCELED" }]);
    const b = await video.submit(base, ctx());
    expect(await video.poll(b.upstreamTaskId, ctx())).toEqual({
      status: "failed",
      code: "upstream_unavailable",
      message: "wanx: task was cancelled upstream",
    });

    expect((await video.poll("task-never-made", ctx())).status).toBe("failed");
  });

  test("a throttled submit throws a 429 UpstreamError so the pool can cool the key", async () => {
    fake.failNext(429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
    const err = await video.submit(base, ctx()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).failure.status).toBe(429);
  });
});
