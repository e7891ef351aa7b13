import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { doneOperation, fakeVideoBytes, googleError, startGeminiFake } from "../../../test/fakes/gemini.ts";
import type { ProviderContext, VideoInput } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { geminiProvider } from "./index.ts";

const fake = startGeminiFake();
afterAll(() => fake.stop());
beforeEach(() => void fake.requests.splice(0));

const video = geminiProvider.video!;
const ctx = (): ProviderContext => ({
  key: { id: "g1", secret: fake.validKey, baseUrl: fake.baseUrl },
  fetch,
  clock: { now: () => 0 },
  tenantUrls: { allowPrivate: true },
});
const input: VideoInput = {
  model: "veo-3.0-generate-001",
  prompt: "waves at dusk",
  durationSeconds: 8,
  resolution: "720p",
  ratio: "16:9",
  seed: 5,
};

describe("gemini veo video", () => {
  test("submits to :predictLongRunning and polls the operation until the video is downloaded with the key", async () => {
    const { upstreamTaskId } = await video.submit({ ...input, firstFrame: "data:image/png;base64,iVBORw0K" }, ctx());
    expect(upstreamTaskId).toMatch(/^models\/veo-3\.0-generate-001\/operations\/op-\d+$/);
    const submit = fake.requests[0]!;
    expect(submit.method).toBe("POST");
    expect(submit.path).toBe("/v1beta/models/veo-3.0-generate-001:predictLongRunning");
    expect(submit.headers["x-goog-api-key"]).toBe(fake.validKey);
    expect(submit.body).toEqual({
      instances: [{ prompt: "waves at dusk", image: { bytesBase64Encoded: "iVBORw0K", mimeType: "image/png" } }],
      parameters: { aspectRatio: "16:9", resolution: "720p", durationSeconds: 8, seed: 5 },
    });

    expect(await video.poll(upstreamTaskId, ctx())).toEqual({ status: "running" });
    const done = await video.poll(upstreamTaskId, ctx());
    expect(done.status).toBe("succeeded");
    if (done.status !== "succeeded") return;
    expect(done.videos).toHaveLength(1);
    const out = done.videos[0]!;
    if (out.kind !== "bytes") throw new Error("expected bytes");
    expect(out.mimeType).toBe("video/mp4");
    expect([...out.data]).toEqual([...fakeVideoBytes]);

    const paths = fake.requests.slice(1).map((r) => `${r.method} ${r.path}`);
    const opId = upstreamTaskId.split("/").at(-1);
    expect(paths).toEqual([
      `GET /v1beta/${upstreamTaskId}`,
      `GET /v1beta/${upstreamTaskId}`,
      `GET /v1beta/files/${opId}:download?alt=media`,
      `GET /media/${opId}.mp4`,
    ]);
    expect(fake.requests[1]!.headers["x-goog-api-key"]).toBe(fake.validKey);
    expect(fake.requests[3]!.headers["x-goog-api-key"]).toBe(fake.validKey);
  });

  test("fetches an http first frame and sends its bytes; lastFrame too", async () => {
    const frame = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9]);
    const frames = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: () => new Response(frame, { headers: { "content-type": "image/png" } }),
    });
    try {
      await video.submit(
        { ...input, firstFrame: `${frames.url.origin}/first.png`, lastFrame: `${frames.url.origin}/last.png` },
        ctx(),
      );
    } finally {
      await frames.stop(true);
    }
    const body = fake.requests[0]!.body as { instances: { image: unknown; lastFrame: unknown }[] };
    const expected = { bytesBase64Encoded: Buffer.from(frame).toString("base64"), mimeType: "image/png" };
    expect(body.instances[0]!.image).toEqual(expected);
    expect(body.instances[0]!.lastFrame).toEqual(expected);
  });

  test("a finished operation with an error is a failed task with the mapped code", async () => {
    const name = "models/veo-3.0-generate-001/operations/op-bad";
    fake.enqueue({ status: 200, json: { name, done: true, error: { code: 8, message: "Quota exceeded for veo." } } });
    expect(await video.poll(name, ctx())).toEqual({
      status: "failed",
      code: "upstream_quota",
      message: "gemini: Quota exceeded for veo.",
    });
    fake.enqueue({ status: 200, json: { name, done: true, error: { code: 3, message: "Unsupported duration." } } });
    expect(await video.poll(name, ctx())).toMatchObject({ status: "failed", code: "upstream_bad_request" });
  });

  test("videos filtered by the safety system are a refused task", async () => {
    const name = "models/veo-3.0-generate-001/operations/op-rai";
    fake.enqueue({
      status: 200,
      json: {
        name,
        done: true,
        response: {
          generateVideoResponse: {
            raiMediaFilteredCount: 1,
            raiMediaFilteredReasons: ["The prompt could not be submitted."],
          },
        },
      },
    });
    expect(await video.poll(name, ctx())).toEqual({
      status: "failed",
      code: "content_refused",
      message: "gemini: The prompt could not be submitted.",
    });
  });

  test("a failed download throws so the poll is retried, instead of failing the task", async () => {
    const name = "models/veo-3.0-generate-001/operations/op-dl";
    fake.enqueue(
      { status: 200, json: doneOperation(name, [`${fake.url}/v1beta/files/op-dl:download?alt=media`]) },
      googleError(503, "UNAVAILABLE", "try later"),
    );
    const err = (await video.poll(name, ctx()).catch((e: unknown) => e)) as UpstreamError;
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.code).toBe("upstream_unavailable");
  });

  test("the key is never sent to a video URI on a foreign host", async () => {
    const seen: Record<string, string>[] = [];
    const other = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch(req) {
        seen.push(Object.fromEntries(req.headers));
        return new Response(fakeVideoBytes, { headers: { "content-type": "video/mp4" } });
      },
    });
    try {
      const name = "models/veo-3.0-generate-001/operations/op-far";
      fake.enqueue({ status: 200, json: doneOperation(name, [`${other.url.origin}/v.mp4`]) });
      const done = await video.poll(name, ctx());
      expect(done.status).toBe("succeeded");
      expect(seen).toHaveLength(1);
      expect(seen[0]!["x-goog-api-key"]).toBeUndefined();
    } finally {
      await other.stop(true);
    }
  });

  test("an id that is not an operation name never reaches the upstream", async () => {
    const err = (await video.poll("../../admin?x=1", ctx()).catch((e: unknown) => e)) as { code: string };
    expect(err.code).toBe("invalid_request");
    expect(fake.requests).toHaveLength(0);
  });

  test("submit errors map like any other call", async () => {
    fake.enqueue(googleError(400, "INVALID_ARGUMENT", "durationSeconds must be 4, 6 or 8"));
    const err = (await video.submit({ ...input, durationSeconds: 5 }, ctx()).catch((e: unknown) => e)) as UpstreamError;
    expect(err.code).toBe("upstream_bad_request");
    expect(err.message).toContain("durationSeconds");
  });
});
