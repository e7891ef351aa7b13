// A submit that never answers: acceptTask aborts it at submitTimeoutMs, and a row left without an upstream id (its
// gateway died mid-submit) fails at submitGraceMs, so the server refunds it within a minute.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { GatewayDb } from "@waule/db/connect";
import { upstreamTasks } from "@waule/db/gateway";
import { manualClock, sequentialIds } from "@waule/shared/clock";
import type { CallContext } from "../calls/context";
import { openTempGatewayDb } from "../keys/temp-db";
import { acceptTask } from "./accept";
import { advanceTask } from "./advance";
import { findTask, insertUpstreamTask } from "./repository";
import { defaultEngineOptions, type TaskKindDeps } from "./types";

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);

describe("a submit that never answers", () => {
  let temp: Awaited<ReturnType<typeof openTempGatewayDb>>;
  let db: GatewayDb;
  const clock = manualClock(T0);

  beforeEach(async () => {
    temp = await openTempGatewayDb();
    db = temp.db;
  });
  afterEach(() => temp.close());

  const insert = (id: string) =>
    insertUpstreamTask(
      db,
      {
        id,
        tenantId: "t1",
        serverTaskId: `srv-${id}`,
        capability: "video",
        provider: "sandbox",
        model: "sandbox-video",
        upstreamModel: "sandbox-video",
        storageMode: "PLATFORM",
      },
      clock.now(),
    );

  test("is aborted after submitTimeoutMs and its row ends failed, so no submit outlives the grace", async () => {
    let aborted = false;
    const deps = {
      db,
      clock,
      ids: sequentialIds("gt-"),
      tasks: { submitTimeoutMs: 5, track() {} },
    } as unknown as TaskKindDeps;
    const accepting = acceptTask(
      deps,
      { tenantId: "t1", serverTaskId: "srv-1", storage: { mode: "PLATFORM" } },
      {
        refusal: "refused",
        insert,
        submit: (_row, signal) =>
          new Promise((_resolve, reject) =>
            signal.addEventListener("abort", () => {
              aborted = true;
              reject(signal.reason);
            }),
          ),
      },
    );
    await expect(accepting).rejects.toBeDefined();
    expect(aborted).toBe(true);
    const rows = await db.select().from(upstreamTasks);
    expect(rows.map((r) => [r.status, r.upstreamTaskId])).toEqual([["failed", null]]);
  });

  test("a row its gateway left without an upstream id waits out the grace, then fails", async () => {
    await insert("lost");
    const deps = { db, clock } as unknown as CallContext;
    const options = defaultEngineOptions;
    expect(options.submitGraceMs).toBeGreaterThan(options.submitTimeoutMs);
    expect(options.submitGraceMs).toBeLessThan(60_000);

    clock.set(T0 + options.submitGraceMs);
    await advanceTask(deps, undefined, options, (await findTask(db, "lost"))!, undefined);
    expect(await findTask(db, "lost")).toMatchObject({ status: "queued" });

    clock.set(T0 + options.submitGraceMs + 1);
    await advanceTask(deps, undefined, options, (await findTask(db, "lost"))!, undefined);
    expect(await findTask(db, "lost")).toMatchObject({
      status: "failed",
      error: { code: "upstream_unavailable" },
    });
  });
});
