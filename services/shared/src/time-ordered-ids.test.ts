import { describe, expect, test } from "bun:test";
import { timeOrderedIds } from "./time-ordered-ids";

describe("time-ordered ids", () => {
  test("prefix, 32 hex digits, the first 12 the creation time: later ids sort after earlier ones", () => {
    let now = Date.UTC(2026, 11, 4, 3, 40);
    const ids = timeOrderedIds(() => now);
    const first = ids.make("hold");
    expect(first).toMatch(/^hold_[0-9a-f]{32}$/);
    expect(Number.parseInt(first.slice(5, 17), 16)).toBe(now);
    now += 1;
    const later = ids.make("hold");
    expect(later > first).toBe(true);
    expect(ids.make("use")).toMatch(/^use_[0-9a-f]{32}$/);
  });

  test("ids made in the same millisecond still differ (80 random bits each)", () => {
    const ids = timeOrderedIds(() => 1_700_000_000_000);
    const made = new Set(Array.from({ length: 10_000 }, () => ids.make("req")));
    expect(made.size).toBe(10_000);
  });
});
