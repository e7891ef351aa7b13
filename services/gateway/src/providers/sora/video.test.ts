import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeSora, startFakeSora } from "../../../test/fakes/sora.ts";
import { pollUntilDone as pollVideoUntilDone, upstreamErrorOf } from "../../../test/support/video-polls.ts";
import type { ProviderContext, VideoInput } from "../types.ts";
import { createSoraProvider, soraProvider } from "./index.ts";

let fake: FakeSora;
beforeAll(() => {
  fake = startFakeSora();
});
afterAll(() => fake.stop());

const video = soraProvider.video!;
const ctx = (): ProviderContext => ({
  key: { id: "k1", secret: "sora-key", baseUrl: fake.url },
  fetch,
  clock: { now: () => 0 },
  tenantUrls: { allowPrivate: true },
});
const base: VideoInput = {
  model: "sora-2",
  prompt: "a kitten runs on grass",
  durationSeconds: 10,
  resolution: "720p",
  ratio: "16:9",
};

const pollUntilDone = (id: string) => pollVideoUntilDone(video, id, ctx);

describe("sora via sora2api", () => {
  test("starts a /v1/videos task with Bearer auth and polls its progress to the video URL", async () => {
    const from = fake.requests.length;
    const { upstreamTaskId } = await video.submit(base, ctx());
    const create = fake.requests[from]!;
    expect(`${create.method} ${create.path}`).toBe("POST /v1/videos");
    expect(create.headers.authorization).toBe("Bearer sora-key");
    expect(create.body).toEqual({ model: "sora-2", prompt: "a kitten runs on grass", seconds: "10", size: "1280x720" });

    const { polls, last } = await pollUntilDone(upstreamTaskId);
    expect(polls.slice(0, 2)).toEqual([
      { status: "running", progress: 0 },
      { status: "running", progress: 45 },
    ]);
    expect(last).toEqual({
      status: "succeeded",
      videos: [{ kind: "url", url: `${fake.url}/videos/${upstreamTaskId}.mp4`, mimeType: "video/mp4" }],
    });
    expect(fake.requests.at(-1)!.path).toBe(`/v1/videos/${upstreamTaskId}`);
    expect(fake.requests.at(-1)!.headers.authorization).toBe("Bearer sora-key");
  });

  test("a portrait ratio asks for a portrait size", async () => {
    const from = fake.requests.length;
    await video.submit({ ...base, ratio: "9:16", durationSeconds: 15 }, ctx());
    expect(fake.requests[from]!.body).toMatchObject({ seconds: "15", size: "720x1280" });
  });

  test("a first frame URL is fetched and sent as a base64 data URL; a data URL passes through", async () => {
    let from = fake.requests.length;
    await video.submit({ ...base, firstFrame: `${fake.url}/frame.png` }, ctx());
    expect((fake.requests[from]!.body as { image: string }).image).toBe(
      `data:image/png;base64,${Buffer.from(fake.frame).toString("base64")}`,
    );

    from = fake.requests.length;
    await video.submit({ ...base, firstFrame: "data:image/jpeg;base64,/9j/AA==" }, ctx());
    expect((fake.requests[from]!.body as { image: string }).image).toBe("data:image/jpeg;base64,/9j/AA==");
  });

  test("a last frame is refused before any request", async () => {
    const from = fake.requests.length;
    await expect(
      video.submit(
        { ...base, firstFrame: "data:image/png;base64,AA==", lastFrame: "data:image/png;base64,AA==" },
        ctx(),
      ),
    ).rejects.toMatchObject({
      code: "invalid_request",
    });
    expect(fake.requests.length).toBe(from);
  });

  test("a task failed by Sora's content policy polls to a refusal; other failures are outages", async () => {
    fake.scriptNextTask({
      steps: [
        { status: "processing", progress: 10 },
        { status: "failed", progress: 10 },
      ],
      errorMessage: "This content may violate our content policies.",
    });
    const refused = await video.submit(base, ctx());
    expect((await pollUntilDone(refused.upstreamTaskId)).last).toEqual({
      status: "failed",
      code: "content_refused",
      message: "sora: This content may violate our content policies.",
    });

    fake.scriptNextTask({ steps: [{ status: "failed", progress: 0 }], errorMessage: "Generation timed out" });
    const timedOut = await video.submit(base, ctx());
    expect(await video.poll(timedOut.upstreamTaskId, ctx())).toEqual({
      status: "failed",
      code: "upstream_unavailable",
      message: "sora: Generation timed out",
    });
  });

  test("the newer answer shape (succeeded + url) is understood too", async () => {
    fake.answerNext(200, {
      id: "task_x",
      object: "video",
      status: "succeeded",
      progress: 100,
      url: "https://cdn.example/x.mp4",
      error: null,
    });
    expect(await video.poll("task_x", ctx())).toEqual({
      status: "succeeded",
      videos: [{ kind: "url", url: "https://cdn.example/x.mp4", mimeType: "video/mp4" }],
    });
  });

  test("error answers map to the platform's error classes", async () => {
    const badKey = await upstreamErrorOf(
      video.submit(base, { ...ctx(), key: { id: "k2", secret: "nope", baseUrl: fake.url } }),
    );
    expect([badKey.code, badKey.failure.status, badKey.message]).toEqual([
      "upstream_unavailable",
      401,
      "sora: Invalid API key",
    ]);

    fake.answerNext(400, { detail: "Invalid model: sora-3" });
    const badModel = await upstreamErrorOf(video.submit(base, ctx()));
    expect([badModel.code, badModel.retryable]).toEqual(["upstream_bad_request", false]);

    fake.answerNext(500, { error: { message: "No available tokens for video generation.", type: "server_error" } });
    const noAccounts = await upstreamErrorOf(video.submit(base, ctx()));
    expect([noAccounts.code, noAccounts.failure.upstreamCode, noAccounts.retryable]).toEqual([
      "upstream_unavailable",
      "server_error",
      true,
    ]);

    const missing = await upstreamErrorOf(video.poll("task_missing", ctx()));
    expect([missing.code, missing.failure.status]).toEqual(["upstream_bad_request", 404]);
  });

  test("the base URL comes from the factory when the key has none, and is required", async () => {
    const configured = createSoraProvider({ baseUrl: fake.url }).video!;
    const from = fake.requests.length;
    await configured.submit(base, {
      key: { id: "k1", secret: "sora-key" },
      fetch,
      clock: { now: () => 0 },
      tenantUrls: { allowPrivate: true },
    });
    expect(fake.requests[from]!.path).toBe("/v1/videos");

    await expect(
      video.submit(base, { key: { id: "k1", secret: "sora-key" }, fetch, clock: { now: () => 0 } }),
    ).rejects.toMatchObject({ code: "internal_error" });
  });

  test("an unreachable sora2api is a status-0 timeout", async () => {
    const closed = Bun.serve({ port: 0, fetch: () => new Response() });
    const deadUrl = `http://127.0.0.1:${closed.port}`;
    closed.stop(true);
    const err = await upstreamErrorOf(
      video.poll("task_1", { ...ctx(), key: { id: "k1", secret: "sora-key", baseUrl: deadUrl } }),
    );
    expect([err.code, err.failure.status]).toEqual(["upstream_timeout", 0]);
  });
});
