// Settings changed on one instance apply on another at once: Redis pub/sub drops the other's cached copy.
import { afterEach, expect, test } from "bun:test";
import { openServerDb } from "@waule/db/connect";
import { manualClock } from "@waule/shared/clock";
import { createSettingsStore } from "../src/settings";
import { auditRows } from "./support/admin";
import { type CommerceStack, commerceStack } from "./support/commerce";
import { testRedis } from "./support/redis";

let s: CommerceStack | null = null;
afterEach(async () => {
  await s?.stack.stop();
  s = null;
});

test("a change on instance A reaches instance B's cache through Redis, with no TTL elapsed", async () => {
  // The clock never moves, so only the invalidation message can make B read again.
  const clock = manualClock(Date.parse("2026-12-04T00:00:00Z"));
  const redis = testRedis("settings");
  s = await commerceStack({ clock, redis: await redis.connect() });
  const other = await redis.connect();
  const dbB = await openServerDb({ url: s.stack.dbUrl });
  const storeB = createSettingsStore({
    db: dbB,
    clock,
    redis: { publisher: other.command, subscriber: other.subscriber, prefix: redis.prefix },
  });
  try {
    expect((await storeB.get()).site.announcement).toBe("");
    const invalidated = storeB.nextInvalidation();
    await s.configure({ site: { announcement: "New prices from Monday" }, limits: { maxConcurrentTasks: 2 } });
    await invalidated;
    const seen = await storeB.get();
    expect(seen.site.announcement).toBe("New prices from Monday");
    expect(seen.limits.maxConcurrentTasks).toBe(2);
    expect((await auditRows(s.stack)).map((r) => r.action)).toEqual(["settings.update"]);
  } finally {
    await storeB.close();
    dbB.$client.close();
    await redis.cleanup();
  }
});

test("without a message the cached copy is kept until the TTL runs out, then read again", async () => {
  const clock = manualClock(Date.parse("2026-12-04T00:00:00Z"));
  s = await commerceStack({ clock });
  const dbB = await openServerDb({ url: s.stack.dbUrl });
  const storeB = createSettingsStore({ db: dbB, clock, ttlMs: 5_000 });
  try {
    expect((await storeB.get()).site.name).toBe("Waule");
    await s.configure({ site: { name: "Renamed" } });
    expect((await storeB.get()).site.name).toBe("Waule");
    clock.advance(5_000);
    expect((await storeB.get()).site.name).toBe("Renamed");
  } finally {
    dbB.$client.close();
  }
});
