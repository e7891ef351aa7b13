import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeMinimax, startFakeMinimax } from "../../../test/fakes/minimax.ts";
import { pollUntilDone as pollVideoUntilDone, upstreamErrorOf } from "../../../test/support/video-polls.ts";
import type { ProviderContext, VideoInput } from "../types.ts";
import { minimaxProvider } from "./index.ts";

let fake: FakeMinimax;
beforeAll(() => {
  fake = startFakeMinimax();
});
afterAll(() => fake.stop());

const video = minimaxProvider.video!;
const ctx = (): ProviderContext => ({
  key: { id: "k1", secret: "mm-key", baseUrl: fake.url },
  fetch,
  clock: { now: () => 0 },
});
const base: VideoInput = {
  model: "MiniMax-Hailuo-02",
  prompt: "a little girl grows up",
  durationSeconds: 6,
  resolution: "1080p",
  ratio: "16:9",
};

const pollUntilDone = (id: string) => pollVideoUntilDone(video, id, ctx);

describe("minimax video", () => {
  test("creates a task with the documented body and Bearer auth, then polls through to the file's download URL", async () => {
    const from = fake.requests.length;
    const { upstreamTaskId } = await video.submit(
      { ...base, firstFrame: "https://img.example/first.jpeg", lastFrame: "https://img.example/last.jpeg" },
      ctx(),
    );
    const create = fake.requests[from]!;
    expect(`${create.method} ${create.path}`).toBe("POST /v1/video_generation");
    expect(create.headers.authorization).toBe("Bearer mm-key");
    expect(create.body).toEqual({
      model: "MiniMax-Hailuo-02",
      prompt: "a little girl grows up",
      duration: 6,
      resolution: "1080P",
      first_frame_image: "https://img.example/first.jpeg",
      last_frame_image: "https://img.example/last.jpeg",
    });

    const { seen, last } = await pollUntilDone(upstreamTaskId);
    expect(seen).toEqual(["queued", "running", "succeeded"]);
    expect(last).toEqual({
      status: "succeeded",
      videos: [
        {
          kind: "url",
          url: `${fake.url}/download/f${upstreamTaskId}.mp4`,
          mimeType: "video/mp4",
          width: 1920,
          height: 1080,
        },
      ],
    });
    const tail = fake.requests.slice(-2);
    expect(tail.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /v1/query/video_generation",
      "GET /v1/files/retrieve",
    ]);
    expect(tail[0]!.query).toEqual({ task_id: upstreamTaskId });
    expect(tail[1]!.query).toEqual({ file_id: `f${upstreamTaskId}` });
    expect(tail[1]!.headers.authorization).toBe("Bearer mm-key");
  });

  test("text-to-video sends no frame fields", async () => {
    const from = fake.requests.length;
    await video.submit(base, ctx());
    expect(Object.keys(fake.requests[from]!.body as object).sort()).toEqual([
      "duration",
      "model",
      "prompt",
      "resolution",
    ]);
  });

  test("a task that fails on sensitive output polls to a content refusal", async () => {
    fake.scriptNextTask({
      statuses: ["Preparing", "Fail"],
      failure: { status_code: 1027, status_msg: "output new_sensitive" },
    });
    const { upstreamTaskId } = await video.submit(base, ctx());
    const { seen, last } = await pollUntilDone(upstreamTaskId);
    expect(seen).toEqual(["queued", "failed"]);
    expect(last).toEqual({ status: "failed", code: "content_refused", message: "minimax: output new_sensitive" });
  });

  test("a task that fails without a reason is an upstream failure", async () => {
    fake.scriptNextTask({ statuses: ["Fail"] });
    const { upstreamTaskId } = await video.submit(base, ctx());
    expect(await video.poll(upstreamTaskId, ctx())).toEqual({
      status: "failed",
      code: "upstream_unavailable",
      message: "minimax: video task failed",
    });
  });

  test("base_resp errors on HTTP 200 map to the platform's error classes", async () => {
    const cases: [number, string, string, number][] = [
      [1002, "rate limit", "upstream_quota", 429],
      [1004, "not authorized", "upstream_unavailable", 401],
      [1008, "insufficient balance", "upstream_quota", 402],
      [1026, "input new_sensitive", "content_refused", 400],
      [2013, "invalid params", "upstream_bad_request", 400],
      [1000, "unknown error", "upstream_unavailable", 500],
    ];
    for (const [statusCode, msg, code, status] of cases) {
      fake.answerNext(200, { task_id: "", base_resp: { status_code: statusCode, status_msg: msg } });
      const err = await upstreamErrorOf(video.submit(base, ctx()));
      expect([err.code, err.failure.status, err.failure.upstreamCode, err.message]).toEqual([
        code,
        status,
        String(statusCode),
        `minimax: ${msg}`,
      ]);
    }
  });

  test("a query that fails (wrong key) throws instead of reporting a failed task", async () => {
    const err = await upstreamErrorOf(
      video.poll("106916112212033", { ...ctx(), key: { id: "k2", secret: "nope", baseUrl: fake.url } }),
    );
    expect(err.code).toBe("upstream_unavailable");
    expect(err.failure.status).toBe(401);
  });

  test("a non-JSON HTTP 502 is an outage", async () => {
    fake.answerNext(502, "bad gateway");
    const err = await upstreamErrorOf(video.poll("1", ctx()));
    expect([err.code, err.failure.status]).toEqual(["upstream_unavailable", 502]);
  });
});
