import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openGatewayDb } from "@waule/db/connect";
import { requestLog } from "@waule/db/gateway";
import { createSeenSignatures } from "../internal-auth/seen-signatures";
import { openTempGatewayDb } from "../keys/temp-db";
import { DEFER_MS, deferredWrites } from "./deferred-writes";

let env: Awaited<ReturnType<typeof openTempGatewayDb>>;
beforeEach(async () => {
  env = await openTempGatewayDb();
});
afterEach(async () => env.close());

const row = (id: string) => ({
  sql: `INSERT INTO request_log (id, tenant_id, request_id, capability, provider, model, key_id, status, error_code, latency_ms, created_at)
        VALUES (?, 't1', 'req', 'chat', 'acme', 'm', NULL, 'ok', NULL, 1, 1)`,
  args: [id],
});
/** What another process (its own connection) reads: nothing of this one's queue until it is committed. */
const countElsewhere = async (db: { $client: { execute(sql: string): Promise<{ rows: unknown[] }> } }) =>
  Number(((await db.$client.execute("SELECT COUNT(*) AS n FROM request_log")).rows[0] as { n: number }).n);

describe("deferred bookkeeping writes", () => {
  test("a read through drizzle on the same process sees queued rows (read your own writes)", async () => {
    deferredWrites(env.db).later([row("log_1")]);
    deferredWrites(env.db).later([row("log_2")]);
    const rows = await env.db.select({ id: requestLog.id }).from(requestLog);
    expect(rows.map((r) => r.id).sort()).toEqual(["log_1", "log_2"]);
  });

  test("another process sees them once DEFER_MS has passed", async () => {
    const other = await openGatewayDb({ url: env.url });
    try {
      deferredWrites(env.db).later([row("log_1")]);
      expect(await countElsewhere(other)).toBe(0);
      await Bun.sleep(DEFER_MS * 4);
      expect(await countElsewhere(other)).toBe(1);
    } finally {
      other.$client.close();
    }
  });

  test("a call's seen-signature commit does not carry the queue: the answer never waits for bookkeeping", async () => {
    const seen = createSeenSignatures(env.db, { bootId: null });
    const now = Date.now();
    expect(await seen.remember("sig-0", now, now)).toBe("accepted");
    const before = { ...env.db.$sql.counts };
    deferredWrites(env.db).later([row("log_1")]);
    expect(await seen.remember("sig-1", now, now)).toBe("accepted");
    // Had the queue gone with the signature, one commit would hold two units. (Should the DEFER_MS timer fire
    // meanwhile on a slow machine, the row is a commit of its own: still one unit per commit.)
    const { commits, units } = env.db.$sql.counts;
    expect(units - before.units).toBe(commits - before.commits);
    await deferredWrites(env.db).flush();
    expect(env.db.$sql.counts.units - before.units).toBe(2);
  });

  test("closing the database (a clean shutdown) commits what is still queued", async () => {
    const url = env.url;
    const db = await openGatewayDb({ url });
    deferredWrites(db).later([row("log_9")]);
    db.$client.close();
    const reopened = await openGatewayDb({ url });
    try {
      expect(await countElsewhere(reopened)).toBe(1);
    } finally {
      reopened.$client.close();
    }
  });

  test("a failing unit is logged and dropped without taking the others with it", async () => {
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      deferredWrites(env.db).later([row("log_1")]);
      deferredWrites(env.db).later([row("log_1")]); // the same primary key: this unit fails
      deferredWrites(env.db).later([row("log_3")]);
      await deferredWrites(env.db).flush();
    } finally {
      console.error = original;
    }
    const rows = await env.db.select({ id: requestLog.id }).from(requestLog);
    expect(rows.map((r) => r.id).sort()).toEqual(["log_1", "log_3"]);
    expect(logged).toHaveLength(1);
  });
});
