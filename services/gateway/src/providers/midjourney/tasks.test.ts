import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeMidjourney, startFakeMidjourney } from "../../../test/fakes/midjourney.ts";
import type { ProviderContext, TaskPoll } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { createMidjourneyClient, type MidjourneyTask, midjourneyTaskPoll } from "./index.ts";

let fake: FakeMidjourney;
beforeAll(() => {
  fake = startFakeMidjourney();
});
afterAll(() => fake.stop());

const mj = createMidjourneyClient();
const ctx = (): ProviderContext => ({
  key: { id: "k1", secret: "mj-secret", baseUrl: fake.url },
  fetch,
  clock: { now: () => 0 },
});

async function pollUntilDone(taskId: string): Promise<{ seen: TaskPoll[]; task: MidjourneyTask }> {
  const seen: TaskPoll[] = [];
  for (let i = 0; i < 10; i++) {
    const task = await mj.fetch(taskId, ctx());
    const poll = midjourneyTaskPoll(task);
    seen.push(poll);
    if (poll.status === "succeeded" || poll.status === "failed") return { seen, task };
  }
  throw new Error("task never finished");
}

async function errorOf(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
  throw new Error("expected an UpstreamError");
}

describe("midjourney via midjourney-proxy", () => {
  test("imagine pinned to a Discord account, polled to the grid, then an upscale button on the same account", async () => {
    const from = fake.requests.length;
    const submitted = await mj.imagine(
      {
        prompt: "a red fox --ar 16:9",
        base64Array: ["data:image/png;base64,iVBORw0KGgo="],
        accountFilter: { instanceId: "chan-42" },
        state: "task-abc",
      },
      ctx(),
    );
    const imagine = fake.requests[from]!;
    expect(`${imagine.method} ${imagine.path}`).toBe("POST /mj/submit/imagine");
    expect(imagine.headers["mj-api-secret"]).toBe("mj-secret");
    expect(imagine.body).toEqual({
      prompt: "a red fox --ar 16:9",
      base64Array: ["data:image/png;base64,iVBORw0KGgo="],
      accountFilter: { instanceId: "chan-42" },
      state: "task-abc",
    });
    expect(submitted).toEqual({ taskId: submitted.taskId, code: 1, instanceId: "chan-42" });

    const { seen, task } = await pollUntilDone(submitted.taskId);
    expect(seen).toEqual([
      { status: "queued", progress: 0 },
      { status: "running", progress: 50 },
      { status: "succeeded", files: [{ kind: "url", url: `${fake.url}/attachments/${submitted.taskId}.png` }] },
    ]);
    expect(fake.requests.at(-1)!.path).toBe(`/mj/task/${submitted.taskId}/fetch`);
    expect(fake.requests.at(-1)!.headers["mj-api-secret"]).toBe("mj-secret");
    expect(task.buttons?.map((b) => b.label)).toEqual(["U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", ""]);

    const u2 = task.buttons!.find((b) => b.label === "U2")!;
    const actionFrom = fake.requests.length;
    const upscale = await mj.action(
      { taskId: submitted.taskId, customId: u2.customId, accountFilter: { instanceId: "chan-42" } },
      ctx(),
    );
    expect(fake.requests[actionFrom]!.path).toBe("/mj/submit/action");
    expect(fake.requests[actionFrom]!.body).toEqual({
      taskId: submitted.taskId,
      customId: u2.customId,
      accountFilter: { instanceId: "chan-42" },
    });
    const done = await pollUntilDone(upscale.taskId);
    expect(done.task.action).toBe("UPSCALE");
    expect(done.seen.at(-1)).toEqual({
      status: "succeeded",
      files: [{ kind: "url", url: `${fake.url}/attachments/${upscale.taskId}.png` }],
    });
  });

  test("without a filter no accountFilter is sent and the proxy's chosen account is reported", async () => {
    const from = fake.requests.length;
    const submitted = await mj.imagine({ prompt: "a lighthouse" }, ctx());
    expect(fake.requests[from]!.body).toEqual({ prompt: "a lighthouse", base64Array: [] });
    expect(submitted.instanceId).toBe("1100000000000000001");
  });

  test("a task failing on Midjourney's filter polls to a refusal; other failures and cancels are outages", async () => {
    fake.scriptNextTask({
      steps: [
        { status: "IN_PROGRESS", progress: "10%" },
        { status: "FAILURE", progress: "10%" },
      ],
      failReason: "Banned prompt detected",
    });
    const banned = await mj.imagine({ prompt: "something" }, ctx());
    expect((await pollUntilDone(banned.taskId)).seen.at(-1)).toEqual({
      status: "failed",
      code: "content_refused",
      message: "midjourney: Banned prompt detected",
    });

    fake.scriptNextTask({
      steps: [{ status: "FAILURE", progress: "0%" }],
      failReason: "Discord account token invalid",
    });
    const broken = await mj.imagine({ prompt: "something" }, ctx());
    expect(midjourneyTaskPoll(await mj.fetch(broken.taskId, ctx()))).toEqual({
      status: "failed",
      code: "upstream_unavailable",
      message: "midjourney: Discord account token invalid",
    });

    fake.scriptNextTask({ steps: [{ status: "CANCEL", progress: "" }] });
    const cancelled = await mj.imagine({ prompt: "something" }, ctx());
    expect(midjourneyTaskPoll(await mj.fetch(cancelled.taskId, ctx()))).toMatchObject({
      status: "failed",
      code: "upstream_unavailable",
    });
  });

  test("queued (22) and existing (21) submits are accepted with their task id", async () => {
    fake.answerNext(200, {
      code: 22,
      description: "排队中，前面还有1个任务",
      result: "1700000000000001",
      properties: { numberOfQueues: 1 },
    });
    expect(await mj.imagine({ prompt: "x" }, ctx())).toEqual({ taskId: "1700000000000001", code: 22 });
    fake.answerNext(200, { code: 21, description: "任务已存在", result: 1700000000000002, properties: {} });
    expect(await mj.imagine({ prompt: "x" }, ctx())).toEqual({ taskId: "1700000000000002", code: 21 });
  });

  test("submit return codes map to the platform's error classes", async () => {
    const banned = await errorOf(mj.imagine({ prompt: "a bannedword here" }, ctx()));
    expect([banned.code, banned.failure.upstreamCode, banned.failure.contentRefused]).toEqual([
      "content_refused",
      "24",
      true,
    ]);

    const blank = await errorOf(mj.imagine({ prompt: "  " }, ctx()));
    expect([blank.code, blank.failure.upstreamCode]).toEqual(["upstream_bad_request", "4"]);

    const unknownTask = await errorOf(mj.action({ taskId: "999", customId: "MJ::JOB::upsample::1::x" }, ctx()));
    expect([unknownTask.code, unknownTask.failure.status]).toEqual(["upstream_bad_request", 404]);

    fake.answerNext(200, { code: 23, description: "队列已满，请稍后尝试", result: null, properties: {} });
    const full = await errorOf(mj.imagine({ prompt: "x" }, ctx()));
    expect([full.code, full.retryable]).toEqual(["upstream_quota", true]);

    fake.answerNext(200, { code: 9, description: "提交失败", result: null, properties: {} });
    expect((await errorOf(mj.imagine({ prompt: "x" }, ctx()))).code).toBe("upstream_unavailable");

    const badSecret = await errorOf(
      mj.imagine({ prompt: "x" }, { ...ctx(), key: { id: "k2", secret: "wrong", baseUrl: fake.url } }),
    );
    expect([badSecret.code, badSecret.failure.status]).toEqual(["upstream_unavailable", 401]);
  });

  test("fetching an unknown task id is a not-found upstream answer", async () => {
    const err = await errorOf(mj.fetch("404404", ctx()));
    expect([err.code, err.failure.status]).toEqual(["upstream_bad_request", 404]);
  });

  test("reference images must be data URLs and nothing is sent otherwise", async () => {
    const from = fake.requests.length;
    await expect(mj.imagine({ prompt: "x", base64Array: ["https://img.example/a.png"] }, ctx())).rejects.toMatchObject({
      code: "invalid_request",
    });
    expect(fake.requests.length).toBe(from);
  });

  test("the base URL comes from the factory when the key has none, and is required", async () => {
    const configured = createMidjourneyClient({ baseUrl: fake.url });
    const submitted = await configured.imagine(
      { prompt: "a tree" },
      { key: { id: "k1", secret: "mj-secret" }, fetch, clock: { now: () => 0 } },
    );
    expect(submitted.code).toBe(1);
    await expect(
      mj.imagine({ prompt: "a tree" }, { key: { id: "k1", secret: "mj-secret" }, fetch, clock: { now: () => 0 } }),
    ).rejects.toMatchObject({
      code: "internal_error",
    });
  });

  test("an unreachable proxy is a status-0 timeout", async () => {
    const closed = Bun.serve({ port: 0, fetch: () => new Response() });
    const deadUrl = `http://127.0.0.1:${closed.port}`;
    closed.stop(true);
    const err = await errorOf(mj.fetch("1", { ...ctx(), key: { id: "k1", secret: "mj-secret", baseUrl: deadUrl } }));
    expect([err.code, err.failure.status]).toEqual(["upstream_timeout", 0]);
  });
});
