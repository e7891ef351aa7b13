import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeDashScope, startFakeDashScope } from "../../../test/fakes/wanx";
import type { ImageInput, ProviderContext } from "../types";
import { UpstreamError } from "../upstream-error";
import { abortableSleep, createWanxProvider, WANX_IMAGE_DEADLINE_MS } from "./index";

let fake: FakeDashScope;
beforeAll(() => {
  fake = startFakeDashScope();
});
afterAll(() => fake.close());

const ctx = (now: () => number = () => 0): ProviderContext => ({
  key: { id: "k1", secret: fake.apiKey, baseUrl: fake.baseUrl },
  fetch,
  clock: { now },
});
const fast = createWanxProvider({ intervalMs: 1, timeoutMs: 60_000 }).image!;
const input: ImageInput = { model: "wan2.2-t2i-flash", prompt: "雪山下的小木屋", n: 2, width: 1024, height: 768 };

describe("Wanx images", () => {
  test("text-to-image submits an async task with the documented body, then polls /tasks/{id} to the result URLs", async () => {
    const before = fake.requests.length;
    const out = await fast.generate({ ...input, seed: 9 }, ctx());
    const mine = fake.requests.slice(before);
    const submit = mine[0]!;
    expect(submit.method).toBe("POST");
    expect(submit.path).toBe("/api/v1/services/aigc/text2image/image-synthesis");
    expect(submit.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(submit.headers["x-dashscope-async"]).toBe("enable");
    expect(submit.body).toEqual({
      model: "wan2.2-t2i-flash",
      input: { prompt: "雪山下的小木屋" },
      parameters: { n: 2, watermark: false, seed: 9, size: "1024*768" },
    });
    expect(mine.slice(1).map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill("GET /api/v1/tasks/task-1"));
    expect(mine[1]!.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(out.images).toEqual([
      {
        kind: "url",
        url: expect.stringMatching(/\/files\/task-1-1\.png$/),
        mimeType: "image/png",
        width: 1024,
        height: 768,
        revisedPrompt: "rewritten prompt",
      },
      {
        kind: "url",
        url: expect.stringMatching(/\/files\/task-1-2\.png$/),
        mimeType: "image/png",
        width: 1024,
        height: 768,
        revisedPrompt: "rewritten prompt",
      },
    ]);
  });

  test("image-to-image goes to image2image with the reference image in the documented field", async () => {
    await fast.generate(
      { ...input, n: 1, model: "wan2.5-i2i-preview", referenceImage: "https://example.com/in.png" },
      ctx(),
    );
    const submits = fake.requests.filter((r) => r.method === "POST");
    expect(submits.at(-1)!.path).toBe("/api/v1/services/aigc/image2image/image-synthesis");
    expect(submits.at(-1)!.body).toEqual({
      model: "wan2.5-i2i-preview",
      input: { prompt: "雪山下的小木屋", images: ["https://example.com/in.png"] },
      parameters: { n: 1, watermark: false, size: "1024*768" },
    });
    await fast.generate(
      { ...input, n: 1, model: "wanx2.1-imageedit", referenceImage: "https://example.com/in.png" },
      ctx(),
    );
    expect(fake.requests.filter((r) => r.method === "POST").at(-1)!.body).toEqual({
      model: "wanx2.1-imageedit",
      input: { function: "description_edit", prompt: "雪山下的小木屋", base_image_url: "https://example.com/in.png" },
      parameters: { n: 1, watermark: false },
    });
  });

  test("a task that fails moderation throws content_refused", async () => {
    fake.scriptNextTask([
      { task_status: "RUNNING" },
      {
        task_status: "FAILED",
        code: "DataInspectionFailed",
        message: "Output data may contain inappropriate content.",
      },
    ]);
    const err = await rejection(fast.generate(input, ctx()));
    expect(err.code).toBe("content_refused");
    expect(err.failure.upstreamCode).toBe("DataInspectionFailed");
  });

  test("a task that fails inside the model throws a retryable upstream_unavailable", async () => {
    fake.scriptNextTask([{ task_status: "FAILED", code: "InternalError.Algo", message: "algo error" }]);
    const err = await rejection(fast.generate(input, ctx()));
    expect(err.code).toBe("upstream_unavailable");
    expect(err.retryable).toBe(true);
  });

  test("keeps the images that passed when some of n were refused", async () => {
    fake.scriptNextTask([
      {
        task_status: "SUCCEEDED",
        results: [{ code: "DataInspectionFailed", message: "refused" }, { url: "https://oss.example.com/ok.png" }],
      },
    ]);
    const out = await fast.generate(input, ctx());
    expect(out.images.map((i) => (i.kind === "url" ? i.url : ""))).toEqual(["https://oss.example.com/ok.png"]);
  });

  test("gives up with a 504 once the deadline passes on the injected clock", async () => {
    let clock = 1_000;
    const provider = createWanxProvider({
      intervalMs: 2_000,
      timeoutMs: 5_000,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    fake.scriptNextTask([{ task_status: "RUNNING" }]);
    const before = fake.requests.length;
    const err = await rejection(
      provider.image!.generate(
        input,
        ctx(() => clock),
      ),
    );
    expect(err.failure.status).toBe(504);
    expect(err.code).toBe("upstream_timeout");
    // Submit, then polls at t+2s, t+4s, t+6s (past the 5 s deadline).
    expect(fake.requests.length - before).toBe(4);
  });

  test("a submit without quota surfaces before any polling", async () => {
    fake.failNext(400, "Arrearage", "Access denied, please make sure your account is in good standing.");
    const before = fake.requests.length;
    const err = await rejection(fast.generate(input, ctx()));
    expect(err.code).toBe("upstream_quota");
    expect(fake.requests.length - before).toBe(1);
  });

  test("an aborted call stops polling with a network failure: no request reaches DashScope after the abort", async () => {
    const controller = new AbortController();
    let sleeps = 0;
    let requestsAtAbort = -1;
    // The first wait passes at once (one poll happens); the abort comes during the second wait, then the real
    // abortable sleep decides what happens next. No wall-clock timing involved.
    const provider = createWanxProvider({
      intervalMs: 60_000,
      timeoutMs: 600_000,
      sleep: async (ms, signal) => {
        sleeps += 1;
        if (sleeps === 1) return;
        requestsAtAbort = fake.requests.length;
        controller.abort(new Error("server gave up"));
        return abortableSleep(ms, signal);
      },
    });
    fake.scriptNextTask([{ task_status: "RUNNING" }]);
    const before = fake.requests.length;
    const err = await rejection(provider.image!.generate(input, { ...ctx(), signal: controller.signal }));
    expect(err.failure.status).toBe(0);
    expect(sleeps).toBe(2);
    const mine = fake.requests.slice(before);
    expect(mine.map((r) => r.method)).toEqual(["POST", "GET"]);
    // Nothing was sent after the abort.
    expect(fake.requests.length).toBe(requestsAtAbort);
  });

  test("by default a still-running image task is given up before the server's default 120 s gateway wait", async () => {
    let clock = 0;
    const provider = createWanxProvider({
      sleep: async (ms) => {
        clock += ms;
      },
    });
    fake.scriptNextTask([{ task_status: "RUNNING" }]);
    const err = await rejection(
      provider.image!.generate(
        input,
        ctx(() => clock),
      ),
    );
    expect(err.code).toBe("upstream_timeout");
    expect(WANX_IMAGE_DEADLINE_MS).toBeLessThan(120_000);
    expect(clock).toBeGreaterThanOrEqual(WANX_IMAGE_DEADLINE_MS);
    expect(clock).toBeLessThan(120_000);
  });
});

async function rejection(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(err)}`);
  return err;
}
