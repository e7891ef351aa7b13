import { describe, expect, test } from "bun:test";
import { createTurnBatcher } from "./turn-batch";

/** A source whose values come in bursts: each burst is ready at once, the next one only after a timer (I/O). */
async function* bursts(groups: number[][], failAfter?: boolean): AsyncGenerator<number> {
  for (const [i, group] of groups.entries()) {
    if (i > 0) await Bun.sleep(5);
    for (const v of group) yield v;
  }
  if (failAfter) throw new Error("broke");
}

describe("turn batcher", () => {
  test("one batch per burst: what is ready together goes together, nothing waits for the next burst", async () => {
    const source = bursts([[1, 2, 3], [4], [5, 6]]);
    const batcher = createTurnBatcher(() => source.next());
    expect(await batcher.take()).toEqual({ values: [1, 2, 3], done: false });
    expect(await batcher.take()).toEqual({ values: [4], done: false });
    expect(await batcher.take()).toEqual({ values: [5, 6], done: true });
  });

  test("a failure ends the batch with the values before it and the error", async () => {
    const source = bursts([[1], [2, 3]], true);
    const batcher = createTurnBatcher(() => source.next());
    expect(await batcher.take()).toEqual({ values: [1], done: false });
    const last = await batcher.take();
    expect(last.values).toEqual([2, 3]);
    expect(last.done).toBe(true);
    expect((last.error as Error).message).toBe("broke");
  });

  test("the value still coming when a batch closes is the first of the next, not lost or read twice", async () => {
    let calls = 0;
    const source = bursts([[1], [2]]);
    const batcher = createTurnBatcher(() => {
      calls++;
      return source.next();
    });
    expect((await batcher.take()).values).toEqual([1]);
    expect(batcher.inFlight).toBeDefined();
    expect((await batcher.take()).values).toEqual([2]);
    expect(calls).toBe(3); // 1, 2 (in flight across the batches), then the end
  });
});
