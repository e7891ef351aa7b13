import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { GatewayDb } from "@waule/db/connect";
import { upstreamTasks } from "@waule/db/gateway";
import { openTempGatewayDb } from "../keys/temp-db";
import { takeOpenTasksToVisit } from "./repository";

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);

describe("takeOpenTasksToVisit", () => {
  let temp: Awaited<ReturnType<typeof openTempGatewayDb>>;
  let db: GatewayDb;

  beforeEach(async () => {
    temp = await openTempGatewayDb();
    db = temp.db;
  });
  afterEach(() => temp.close());

  async function insert(id: string, minute: number, status: "queued" | "running" | "succeeded" = "queued") {
    const at = new Date(T0 + minute * 60_000);
    await db.insert(upstreamTasks).values({
      id,
      tenantId: "t1",
      serverTaskId: `srv-${id}`,
      capability: "video",
      provider: "sandbox",
      model: "sandbox-video",
      upstreamModel: "sandbox-video",
      // CUSTOM rows the background poller cannot advance without the server's target sit among the rest.
      storageMode: minute % 2 === 0 ? "CUSTOM" : "PLATFORM",
      status,
      createdAt: at,
      updatedAt: at,
    });
  }

  test("every open row is visited over successive small batches, oldest first, finished rows never", async () => {
    for (let i = 0; i < 5; i++) await insert(`task-${i}`, i, i === 2 ? "running" : "queued");
    await insert("done", -1, "succeeded");

    const first = await takeOpenTasksToVisit(db, 2, T0 + 3_600_000);
    expect(first.map((r) => r.id)).toEqual(["task-0", "task-1"]);
    const second = await takeOpenTasksToVisit(db, 2, T0 + 3_601_000);
    expect(second.map((r) => r.id)).toEqual(["task-2", "task-3"]);
    const third = await takeOpenTasksToVisit(db, 2, T0 + 3_602_000);
    // task-4 was never visited; then the least recently visited of the rest.
    expect(third.map((r) => r.id)).toEqual(["task-4", "task-0"]);

    const visited = await db.select({ id: upstreamTasks.id, at: upstreamTasks.lastVisitedAt }).from(upstreamTasks);
    const byId = new Map(visited.map((r) => [r.id, r.at?.getTime() ?? null]));
    expect(byId.get("done")).toBeNull();
    expect(byId.get("task-0")).toBe(T0 + 3_602_000);
    expect(byId.get("task-1")).toBe(T0 + 3_600_000);
  });

  test("an empty table gives an empty batch", async () => {
    expect(await takeOpenTasksToVisit(db, 10, T0)).toEqual([]);
  });
});
