import { describe, expect, test } from "bun:test";
import { manualClock, randomIds, sequentialIds } from "./clock";

describe("ids and clocks", () => {
  test("random ids carry their prefix and never repeat", () => {
    const a = randomIds.make("task");
    expect(a).toMatch(/^task_[0-9a-f]{32}$/);
    expect(randomIds.make("task")).not.toBe(a);
  });
  test("sequential ids count up across prefixes, seeded so two makers on one database never collide", () => {
    const ids = sequentialIds("g1-");
    expect([ids.make("gt"), ids.make("file"), ids.make("gt")]).toEqual(["gt_g1-1", "file_g1-2", "gt_g1-3"]);
    expect(sequentialIds("g2-").make("gt")).toBe("gt_g2-1");
  });
  test("a manual clock moves only when told", () => {
    const clock = manualClock(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
    clock.set(10);
    expect(clock.now()).toBe(10);
  });
});
