import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeVidu, startFakeVidu } from "../../../test/fakes/vidu.ts";
import { pollUntilDone as pollVideoUntilDone, upstreamErrorOf } from "../../../test/support/video-polls.ts";
import type { ProviderContext, VideoInput } from "../types.ts";
import { viduProvider } from "./index.ts";

let fake: FakeVidu;
beforeAll(() => {
  fake = startFakeVidu();
});
afterAll(() => fake.stop());

const video = viduProvider.video!;
const ctx = (): ProviderContext => ({
  key: { id: "k1", secret: "vidu-key", baseUrl: fake.url },
  fetch,
  clock: { now: () => 0 },
});
const base: VideoInput = {
  model: "viduq1",
  prompt: "a cat runs",
  durationSeconds: 5,
  resolution: "1080P",
  ratio: "16:9",
};

const pollUntilDone = (id: string) => pollVideoUntilDone(video, id, ctx);

describe("vidu video", () => {
  test("text-to-video posts the documented body with Token auth and polls to success", async () => {
    const from = fake.requests.length;
    const { upstreamTaskId } = await video.submit({ ...base, seed: 42 }, ctx());
    const create = fake.requests[from]!;
    expect(create.method).toBe("POST");
    expect(create.path).toBe("/ent/v2/text2video");
    expect(create.headers.authorization).toBe("Token vidu-key");
    expect(create.body).toEqual({
      model: "viduq1",
      prompt: "a cat runs",
      duration: 5,
      resolution: "1080p",
      seed: 42,
      aspect_ratio: "16:9",
    });

    const { seen, last } = await pollUntilDone(upstreamTaskId);
    expect(seen).toEqual(["queued", "running", "succeeded"]);
    expect(last).toEqual({
      status: "succeeded",
      videos: [{ kind: "url", url: `${fake.url}/files/${upstreamTaskId}.mp4`, mimeType: "video/mp4" }],
    });
    expect(fake.requests.at(-1)!.path).toBe(`/ent/v2/tasks/${upstreamTaskId}/creations`);
    expect(fake.requests.at(-1)!.headers.authorization).toBe("Token vidu-key");
  });

  test("a first frame goes to img2video as images[0], without aspect_ratio", async () => {
    const from = fake.requests.length;
    await video.submit({ ...base, firstFrame: "https://img.example/first.png" }, ctx());
    const create = fake.requests[from]!;
    expect(create.path).toBe("/ent/v2/img2video");
    expect(create.body).toEqual({
      model: "viduq1",
      prompt: "a cat runs",
      duration: 5,
      resolution: "1080p",
      images: ["https://img.example/first.png"],
    });
  });

  test("first and last frames go to start-end2video in that order", async () => {
    const from = fake.requests.length;
    await video.submit(
      { ...base, firstFrame: "data:image/png;base64,AAAA", lastFrame: "https://img.example/last.png" },
      ctx(),
    );
    const create = fake.requests[from]!;
    expect(create.path).toBe("/ent/v2/start-end2video");
    expect((create.body as { images: string[] }).images).toEqual([
      "data:image/png;base64,AAAA",
      "https://img.example/last.png",
    ]);
  });

  test("a last frame alone is refused before any request", async () => {
    const from = fake.requests.length;
    await expect(video.submit({ ...base, lastFrame: "https://img.example/last.png" }, ctx())).rejects.toMatchObject({
      code: "invalid_request",
    });
    expect(fake.requests.length).toBe(from);
  });

  test("a task failed by moderation polls to a content refusal", async () => {
    fake.scriptNextTask({ states: ["processing", "failed"], errCode: "CreationPolicyViolation" });
    const { upstreamTaskId } = await video.submit(base, ctx());
    const { seen, last } = await pollUntilDone(upstreamTaskId);
    expect(seen).toEqual(["running", "failed"]);
    expect(last).toEqual({
      status: "failed",
      code: "content_refused",
      message: "vidu task failed: CreationPolicyViolation",
    });
  });

  test("a task failed for an image download is the caller's bad request", async () => {
    fake.scriptNextTask({ states: ["failed"], errCode: "ImageDownloadFailure" });
    const { upstreamTaskId } = await video.submit(base, ctx());
    expect(await video.poll(upstreamTaskId, ctx())).toMatchObject({ status: "failed", code: "upstream_bad_request" });
  });

  test("documented error answers map to the platform's error classes", async () => {
    fake.failNext(400, { code: "AuditSubmitIllegal", message: "submit is illegal" });
    const refused = await upstreamErrorOf(video.submit(base, ctx()));
    expect(refused.code).toBe("content_refused");
    expect(refused.failure.upstreamCode).toBe("AuditSubmitIllegal");

    fake.failNext(400, { code: "CreditInsufficient", message: "insufficient credits" });
    const credits = await upstreamErrorOf(video.submit(base, ctx()));
    expect(credits.code).toBe("upstream_quota");
    expect(credits.failure.status).toBe(402);

    fake.failNext(429, { code: "TooManyRequests", message: "too many requests" }, { "Retry-After": "7" });
    const limited = await upstreamErrorOf(video.submit(base, ctx()));
    expect(limited.code).toBe("upstream_quota");
    expect(limited.failure.retryAfterSeconds).toBe(7);
    expect(limited.retryable).toBe(true);

    fake.failNext(400, { code: "FieldInvalid", message: "invalid field: duration" });
    const invalid = await upstreamErrorOf(video.submit(base, ctx()));
    expect(invalid.code).toBe("upstream_bad_request");
    expect(invalid.message).toContain("invalid field: duration");

    fake.failNext(500, { code: "InternalServiceFailure", message: "internal service failure" });
    expect((await upstreamErrorOf(video.poll("vidu-task-1", ctx()))).code).toBe("upstream_unavailable");

    const badKey = await upstreamErrorOf(
      video.submit(base, { ...ctx(), key: { id: "k2", secret: "wrong", baseUrl: fake.url } }),
    );
    expect(badKey.failure.status).toBe(401);
    expect(badKey.code).toBe("upstream_unavailable");
  });

  test("an unreachable upstream is a status-0 timeout", async () => {
    const closed = Bun.serve({ port: 0, fetch: () => new Response() });
    const deadUrl = `http://127.0.0.1:${closed.port}`;
    closed.stop(true);
    const err = await upstreamErrorOf(
      video.submit(base, { ...ctx(), key: { id: "k1", secret: "vidu-key", baseUrl: deadUrl } }),
    );
    expect(err.failure.status).toBe(0);
    expect(err.code).toBe("upstream_timeout");
  });
});
