import { describe, expect, test } from "bun:test";
import type { Model, TaskRow } from "@waule/db/server";
import { taskType } from "@waule/shared/tasks";
import type { ServerConfig } from "../config";
import type { GatewayClient } from "../gateway-client/client";
import { midjourneyModel } from "../midjourney/catalogue";
import { sandboxModels } from "../models/catalogue";
import { taskKindOf, taskKinds } from "./kinds";

const config = { VIDEO_TASK_DEADLINE_SECONDS: 600 } as ServerConfig;
const videoModel: Model = {
  ...sandboxModels[3],
  pricing: { "1080p": 2, deadlineSeconds: 90 },
  enabled: true,
  createdAt: new Date(0),
};
const mjModel: Model = {
  ...midjourneyModel,
  pricing: { ...midjourneyModel.pricing },
  enabled: true,
  createdAt: new Date(0),
};
const storage = { mode: "PLATFORM" as const };

function row(type: TaskRow["type"], request: TaskRow["request"]): TaskRow {
  return { id: "task_1", tenantId: "tnt_1", type, request, provider: "sandbox" } as TaskRow;
}

/** A gateway that records which internal route each submit went to, with what body. */
function recordingGateway() {
  const sent: { path: string; body: unknown }[] = [];
  const gateway = {
    submitTask: async (path: string, body: unknown) => {
      sent.push({ path, body });
      return { gatewayTaskId: "gt_1", status: "queued" };
    },
  } as unknown as GatewayClient;
  return { sent, gateway };
}

describe("the server's task kinds", () => {
  test("the table has one kind for every task type, under its own name", () => {
    expect(Object.keys(taskKinds).sort()).toEqual([...taskType.options].sort());
    for (const type of taskType.options) expect(taskKindOf(type).type).toBe(type);
  });

  test("video: priced by duration × resolution, submitted from the stored request, usage with duration and resolution", async () => {
    const kind = taskKindOf("video");
    const request = { model: "sandbox-video", prompt: "waves", duration: 4, resolution: "1080p", ratio: "16:9" };
    expect(kind.price(videoModel, request)).toBe(5 * 2 * 4);
    expect(kind.deadlineAt(videoModel, config, 1_000).getTime()).toBe(91_000);
    const { sent, gateway } = recordingGateway();
    await kind.submit(gateway, { row: row("video", request), model: videoModel, storage });
    expect(sent).toEqual([
      {
        path: "/internal/v1/videos/generations",
        body: {
          tenantId: "tnt_1",
          serverTaskId: "task_1",
          model: "sandbox-video",
          provider: "sandbox",
          upstreamModel: "sandbox-video",
          prompt: "waves",
          firstFrame: undefined,
          lastFrame: undefined,
          durationSeconds: 4,
          resolution: "1080p",
          ratio: "16:9",
          seed: undefined,
          storage,
        },
      },
    ]);
    expect(kind.usage.operation).toBe("video.generation");
    expect(kind.usage.metadata(row("video", request))).toEqual({ durationSeconds: 4, resolution: "1080p" });
  });

  test("midjourney: an action costs its multiplier, each job goes to its own route, usage without video fields", async () => {
    const kind = taskKindOf("midjourney");
    const imagine = { kind: "imagine", prompt: "a fox", reference_images: [] };
    const upscale = { kind: "action", task_id: "task_0", custom_id: "MJ::JOB::upsample::2::abc" };
    expect(kind.price(mjModel, imagine)).toBe(40);
    expect(kind.price(mjModel, upscale)).toBe(20);
    expect(kind.deadlineAt(mjModel, config, 0).getTime()).toBe(1_800_000);
    const { sent, gateway } = recordingGateway();
    await kind.submit(gateway, { row: row("midjourney", imagine), model: mjModel, storage });
    await kind.submit(gateway, { row: row("midjourney", upscale), model: mjModel, storage });
    const base = { tenantId: "tnt_1", serverTaskId: "task_1", model: "midjourney", storage };
    expect(sent).toEqual([
      { path: "/internal/v1/midjourney/imagine", body: { ...base, prompt: "a fox", referenceImages: [] } },
      {
        path: "/internal/v1/midjourney/action",
        body: { ...base, parentServerTaskId: "task_0", customId: "MJ::JOB::upsample::2::abc" },
      },
    ]);
    expect(kind.usage.operation).toBe("midjourney.generation");
    expect(kind.usage.metadata(row("midjourney", imagine))).toEqual({});
  });
});
