import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { upstreamTasks } from "@waule/db/gateway";
import { manualClock, sequentialIds } from "@waule/shared/clock";
import type { CallContext } from "../calls/context";
import { openTempGatewayDb, testEncryptionKey } from "../keys/temp-db";
import { createProviderRegistry } from "../providers/registry";
import type { Provider, ProviderContext } from "../providers/types";
import { createTaskEngine } from "./engine";
import { taskKinds } from "./kinds";
import { insertUpstreamTask, recordAccepted } from "./repository";

let env: Awaited<ReturnType<typeof openTempGatewayDb>>;
beforeEach(async () => {
  env = await openTempGatewayDb();
});
afterEach(async () => env.close());

const ctx: ProviderContext = { key: { id: null, secret: "" }, fetch, clock: { now: () => 0 } };
const kindOf = (name: string) => taskKinds.find((kind) => kind.name === name)!;
const file = { kind: "url" as const, url: "https://cdn.example/a" };

/** Both task capabilities at once, so each kind must pick its own. */
const both: Provider = {
  name: "both",
  requiresKey: false,
  video: {
    submit: async () => ({ upstreamTaskId: "v1" }),
    poll: async (id) => (id === "v-done" ? { status: "succeeded", videos: [file] } : { status: "running" }),
  },
  midjourney: {
    imagine: async () => ({ upstreamTaskId: "m1" }),
    action: async () => ({ upstreamTaskId: "m2" }),
    poll: async () => ({ status: "succeeded", files: [file], buttons: [{ customId: "MJ::U1", label: "U1" }] }),
  },
};

describe("gateway task kinds", () => {
  test("the table has exactly one kind for every upstream_tasks capability", () => {
    expect(taskKinds.map((kind) => kind.name).sort()).toEqual([...upstreamTasks.capability.enumValues].sort());
  });

  test("each kind polls through its own capability of the provider, in the engine's one poll shape", async () => {
    expect(await kindOf("video").pollerOf(both)!("v-done", ctx)).toEqual({ status: "succeeded", files: [file] });
    expect(await kindOf("video").pollerOf(both)!("v-other", ctx)).toEqual({ status: "running" });
    expect(await kindOf("midjourney").pollerOf(both)!("m1", ctx)).toEqual({
      status: "succeeded",
      files: [file],
      buttons: [{ customId: "MJ::U1", label: "U1" }],
    });
    const videoOnly: Provider = { ...both, midjourney: undefined };
    expect(kindOf("midjourney").pollerOf(videoOnly)).toBeUndefined();
    expect(kindOf("video").pollerOf({ ...both, video: undefined })).toBeUndefined();
  });

  test("the engine polls a row by its kind, and fails one whose kind it was not given without asking anyone", async () => {
    const clock = manualClock(Date.UTC(2026, 10, 26, 9));
    const providers = createProviderRegistry({ hasProviderKeys: async () => false });
    providers.register(both);
    const deps: CallContext = {
      db: env.db,
      providers,
      clock,
      ids: sequentialIds(),
      fetch: (async () =>
        new Response(new Uint8Array([1, 2]), { headers: { "content-type": "image/png" } })) as unknown as typeof fetch,
      storage: {
        put: async (key, data, mimeType) => ({ key, url: `https://files/${key}`, bytes: data.length, mimeType }),
        get: async () => null,
        delete: async () => {},
        urlFor: async (key) => `https://files/${key}`,
      },
      config: { encryptionKey: testEncryptionKey, signedUrlTtlSeconds: 60 },
    };
    for (const [id, capability, upstreamTaskId] of [
      ["gt_mj", "midjourney", "m1"],
      ["gt_video", "video", "v-done"],
    ] as const) {
      await insertUpstreamTask(
        env.db,
        {
          id,
          tenantId: "t1",
          serverTaskId: `task_${id}`,
          capability,
          provider: "both",
          model: "m",
          upstreamModel: "m",
          storageMode: "PLATFORM",
        },
        clock.now(),
      );
      await recordAccepted(env.db, id, { upstreamTaskId, keyId: null }, clock.now());
    }
    const onlyMidjourney = createTaskEngine(deps, [kindOf("midjourney")]);
    expect(await onlyMidjourney.poll("gt_mj", { tenantId: "t1" })).toMatchObject({
      status: "succeeded",
      buttons: [{ customId: "MJ::U1", label: "U1" }],
      files: [{ mimeType: "image/png", bytes: 2 }],
    });
    expect(await onlyMidjourney.poll("gt_video", { tenantId: "t1" })).toMatchObject({
      status: "failed",
      error: { code: "upstream_unavailable", message: 'provider "both" can no longer poll video tasks' },
    });
  });
});
