import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import encodeWebp from "@jsquash/webp/encode";
import { type Browser, chromium } from "playwright-core";
import type { MediaOutput, VideoInput } from "../types";
import { UpstreamError } from "../upstream-error";
import { createSimulation } from "./simulation";
import { decodeJobId, sandboxVideo, vp8FromWebp } from "./video";

const CHROMIUM = "/usr/bin/chromium";
const quiet = createSimulation({ latencyMs: 0, failureRate: 0 });
const clock = { t: 1_000_000 };
const ctx = { key: { id: null, secret: "" }, fetch, clock: { now: () => clock.t } };
const input: VideoInput = {
  model: "sandbox-video",
  prompt: "a lighthouse at dusk",
  durationSeconds: 2,
  resolution: "720p",
  ratio: "16:9",
  seed: 4,
};

function bytesOf(out: MediaOutput | undefined): Uint8Array {
  if (out?.kind !== "bytes") throw new Error("expected bytes");
  return out.data;
}

describe("sandbox video tasks", () => {
  test("report queued, then running progress by step, then a WebM clip of the requested ratio and duration", async () => {
    const video = sandboxVideo(quiet, { steps: 4, stepMs: 1_000 });
    clock.t = 1_000_000;
    const { upstreamTaskId } = await video.submit(input, ctx);
    const seen = [];
    for (let s = 0; s < 4; s++) {
      clock.t = 1_000_000 + s * 1_000 + 10;
      seen.push(await video.poll(upstreamTaskId, ctx));
    }
    expect(seen).toEqual([
      { status: "queued", progress: 0 },
      { status: "running", progress: 25 },
      { status: "running", progress: 50 },
      { status: "running", progress: 75 },
    ]);
    clock.t = 1_000_000 + 4_000;
    const done = await video.poll(upstreamTaskId, ctx);
    if (done.status !== "succeeded") throw new Error(`expected success, got ${done.status}`);
    expect(done.videos[0]).toMatchObject({
      kind: "bytes",
      mimeType: "video/webm",
      width: 320,
      height: 180,
      durationSeconds: 2,
    });
    const data = bytesOf(done.videos[0]);
    expect(Array.from(data.slice(0, 4))).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
  });

  test("is deterministic from the request, and a fresh instance (a restarted gateway) can finish another's task", async () => {
    clock.t = 5_000_000;
    const first = sandboxVideo(quiet, { steps: 0 });
    const id = (await first.submit(input, ctx)).upstreamTaskId;
    const other = (await first.submit({ ...input, prompt: "a lighthouse at dawn" }, ctx)).upstreamTaskId;
    const a = await first.poll(id, ctx);
    const b = await sandboxVideo(quiet, { steps: 0 }).poll(id, ctx);
    const c = await first.poll(other, ctx);
    if (a.status !== "succeeded" || b.status !== "succeeded" || c.status !== "succeeded")
      throw new Error("expected success");
    expect(Buffer.from(bytesOf(a.videos[0])).equals(Buffer.from(bytesOf(b.videos[0])))).toBe(true);
    expect(Buffer.from(bytesOf(a.videos[0])).equals(Buffer.from(bytesOf(c.videos[0])))).toBe(false);
    expect(decodeJobId(id)).toMatchObject({ d: 2, r: "720p", a: "16:9", t: 5_000_000, f: false });
  });

  test("fails at submit like an overloaded upstream, or at the end when the task is drawn to fail", async () => {
    await expect(
      sandboxVideo(createSimulation({ latencyMs: 0, failureRate: 1, random: () => 0 })).submit(input, ctx),
    ).rejects.toBeInstanceOf(UpstreamError);
    const video = sandboxVideo(quiet, { steps: 1, stepMs: 10, taskFailureRate: 0.3, random: () => 0.2 });
    const { upstreamTaskId } = await video.submit(input, ctx);
    clock.t += 10;
    expect(await video.poll(upstreamTaskId, ctx)).toEqual({
      status: "failed",
      code: "upstream_unavailable",
      message: "simulated video task failure (taskFailureRate)",
    });
  });

  test("an unknown or forged task id is a 404 upstream error, and bad sizes are refused at submit", async () => {
    const video = sandboxVideo(quiet);
    for (const id of ["nope", "sbx-video-", `sbx-video-${Buffer.from('{"h":"x"}').toString("base64url")}`]) {
      const err = await video.poll(id, ctx).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpstreamError);
      expect((err as UpstreamError).failure.status).toBe(404);
    }
    await expect(video.submit({ ...input, resolution: "8k" }, ctx)).rejects.toThrow("unsupported resolution");
  });

  test("frames are VP8 keyframes taken from lossy WebP", async () => {
    const data = new Uint8ClampedArray(32 * 16 * 4).fill(200);
    const vp8 = vp8FromWebp(
      new Uint8Array(await encodeWebp({ data, width: 32, height: 16, colorSpace: "srgb" } as ImageData)),
    );
    // Frame tag bit 0 clear = keyframe; then the start code and the 14-bit width and height.
    expect(vp8[0]! & 1).toBe(0);
    expect(Array.from(vp8.slice(3, 6))).toEqual([0x9d, 0x01, 0x2a]);
    expect([(vp8[6]! | (vp8[7]! << 8)) & 0x3fff, (vp8[8]! | (vp8[9]! << 8)) & 0x3fff]).toEqual([32, 16]);
  });
});

describe("sandbox video in Chromium", () => {
  let browser: Browser;
  let server: ReturnType<typeof Bun.serve>;
  let clip: Uint8Array;

  beforeAll(async () => {
    const video = sandboxVideo(quiet, { steps: 0 });
    const done = await video.poll(
      (await video.submit({ ...input, ratio: "9:16", durationSeconds: 3 }, ctx)).upstreamTaskId,
      ctx,
    );
    if (done.status !== "succeeded") throw new Error("expected success");
    clip = bytesOf(done.videos[0]);
    server = Bun.serve({
      port: 0,
      fetch(req) {
        if (new URL(req.url).pathname === "/clip.webm")
          return new Response(clip as Uint8Array<ArrayBuffer>, { headers: { "content-type": "video/webm" } });
        return new Response('<!doctype html><video id="v" muted playsinline src="/clip.webm"></video>', {
          headers: { "content-type": "text/html" },
        });
      },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.stop(true);
  });

  test("loads in a <video> element with its size and duration, plays, and shows non-black frames", async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/`);
    const meta = await page.evaluate(
      () =>
        new Promise<{ width: number; height: number; duration: number; error: string | null }>((resolve) => {
          const v = document.getElementById("v") as HTMLVideoElement;
          const report = () =>
            resolve({
              width: v.videoWidth,
              height: v.videoHeight,
              duration: v.duration,
              error: v.error ? String(v.error.code) : null,
            });
          if (v.readyState >= 2) report();
          v.addEventListener("loadeddata", report, { once: true });
          v.addEventListener("error", report, { once: true });
        }),
    );
    expect(meta).toEqual({ width: 180, height: 320, duration: 3, error: null });

    const played = await page.evaluate(
      () =>
        new Promise<{ time: number; brightness: number }>((resolve, reject) => {
          const v = document.getElementById("v") as HTMLVideoElement;
          v.addEventListener("timeupdate", function check() {
            if (v.currentTime < 0.5) return;
            v.removeEventListener("timeupdate", check);
            v.pause();
            const canvas = document.createElement("canvas");
            canvas.width = v.videoWidth;
            canvas.height = v.videoHeight;
            const g = canvas.getContext("2d")!;
            g.drawImage(v, 0, 0);
            const px = g.getImageData(0, 0, canvas.width, canvas.height).data;
            let sum = 0;
            for (let i = 0; i < px.length; i += 4) sum += px[i]! + px[i + 1]! + px[i + 2]!;
            resolve({ time: v.currentTime, brightness: sum / (px.length / 4) / 3 });
          });
          v.play().catch(reject);
        }),
    );
    expect(played.time).toBeGreaterThanOrEqual(0.5);
    expect(played.brightness).toBeGreaterThan(5);
    await page.close();
  });
});
