// A keyed provider's video task is polled with the pool key it was submitted with, even after that key is disabled.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GatewayDb, openGatewayDb } from "@waule/db/connect";
import { providerKeys, upstreamTasks } from "@waule/db/gateway";
import { manualClock, sequentialIds } from "@waule/shared/clock";
import { eq } from "drizzle-orm";
import { createKeyPool } from "../src/keys/pool";
import { createKeyRepository } from "../src/keys/repository";
import { createProviderRegistry } from "../src/providers/registry";
import type { Provider } from "../src/providers/types";
import { createLocalStorage } from "../src/storage/local";
import { createTaskEngine } from "../src/tasks";
import { taskKinds } from "../src/tasks/kinds";
import { submitVideo } from "../src/videos/submit";

const KEY = "77".repeat(32);
const NOW = Date.UTC(2026, 10, 26, 10, 0, 0);
let dir: string;
let db: GatewayDb;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "waule-gw-task-keys-"));
  db = await openGatewayDb({ url: `file:${join(dir, "gateway.db")}` });
});
afterEach(async () => {
  db.$client.close();
  await rm(dir, { recursive: true, force: true });
});

describe("keyed video tasks", () => {
  test("polls use the submitting key's secret, and a deleted key fails the task", async () => {
    const clock = manualClock(NOW);
    const ids = sequentialIds("k");
    const repo = createKeyRepository({ db, clock, ids, encryptionKey: KEY });
    const key = await repo.create({ provider: "acme", name: "main", secret: "sk-acme-1" });
    const seen: string[] = [];
    const acme: Provider = {
      name: "acme",
      requiresKey: true,
      video: {
        async submit(_input, ctx) {
          seen.push(`submit:${ctx.key.secret}`);
          return { upstreamTaskId: "up-1" };
        },
        async poll(id, ctx) {
          seen.push(`poll:${id}:${ctx.key.secret}`);
          return { status: "running", progress: 40 };
        },
      },
    };
    const providers = createProviderRegistry({ hasProviderKeys: async () => true });
    providers.register(acme, { models: ["acme-video"] });
    const ctx = {
      db,
      storage: createLocalStorage({
        dir: join(dir, "storage"),
        publicBaseUrl: "http://gw.test",
        signingSecret: "s".repeat(32),
        ttlSeconds: 60,
        clock,
      }),
      providers,
      clock,
      ids,
      fetch,
      keys: createKeyPool({ db, clock, random: () => 0, config: { encryptionKey: KEY } }),
      config: { encryptionKey: KEY, signedUrlTtlSeconds: 60 },
    };
    const engine = createTaskEngine(ctx, taskKinds);
    const row = await submitVideo(
      { ...ctx, tasks: engine },
      {
        tenantId: "t1",
        serverTaskId: "task_1",
        model: "acme-video",
        prompt: "p",
        durationSeconds: 2,
        resolution: "720p",
        ratio: "16:9",
        storage: { mode: "PLATFORM" },
      },
    );
    expect(row.keyId).toBe(key.id);
    // Disabled after the submit: polls still need this account, the only one that can read the job back.
    await db.update(providerKeys).set({ enabled: false }).where(eq(providerKeys.id, key.id));
    clock.advance(5_000);
    await engine.tick();
    expect(seen).toEqual(["submit:sk-acme-1", "poll:up-1:sk-acme-1"]);
    expect((await db.select().from(upstreamTasks))[0]).toMatchObject({ status: "running", progress: 40 });

    await db.delete(providerKeys).where(eq(providerKeys.id, key.id));
    clock.advance(5_000);
    await engine.tick();
    expect((await db.select().from(upstreamTasks))[0]).toMatchObject({
      status: "failed",
      error: { code: "upstream_unavailable" },
    });
  });
});
