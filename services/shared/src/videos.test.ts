import { expect, test } from "bun:test";
import { videoDimensions, videoGenerationRequest } from "./videos";

test("image is another name for first_frame and defaults fill duration, resolution and ratio", () => {
  const body = videoGenerationRequest.parse({ model: "v", prompt: "a cat", image: "https://x.test/a.png" });
  expect(body).toMatchObject({ first_frame: "https://x.test/a.png", duration: 5, resolution: "720p", ratio: "16:9" });
  expect("image" in body).toBe(false);
});

test("refuses bodies the hold cannot price or the provider cannot run", () => {
  const bad = [
    { model: "v" },
    { model: "v", prompt: "p", duration: 600 },
    { model: "v", prompt: "p", resolution: "8k" },
    { model: "v", prompt: "p", last_frame: "https://x.test/b.png" },
    { model: "v", prompt: "p", first_frame: "https://x.test/a.png", image: "https://x.test/a.png" },
    { model: "v", prompt: "p", first_frame: "file:///etc/passwd" },
    { model: "v", prompt: "p", callback_url: "ftp://x.test/hook" },
  ];
  for (const b of bad) expect(videoGenerationRequest.safeParse(b).success).toBe(false);
});

test("dimensions keep the resolution as the short side", () => {
  expect(videoDimensions("720p", "16:9")).toEqual({ width: 1280, height: 720 });
  expect(videoDimensions("1080p", "9:16")).toEqual({ width: 1080, height: 1920 });
  expect(videoDimensions("480p", "1:1")).toEqual({ width: 480, height: 480 });
});
