import { describe, expect, test } from "bun:test";
import type { Task } from "@waule/shared/tasks";
import { followTask } from "./follow-task";

const at = (status: Task["status"], progress: number): Task => ({
  id: "tsk_1",
  object: "task",
  type: "video",
  model: "sandbox-video",
  status,
  progress,
  result: null,
  error: null,
  credits: 15,
  created_at: 1,
  updated_at: progress,
  finished_at: null,
});

/** Each call of `events` plays the next script: the states it yields, then an end or a thrown error. */
function scripted(scripts: { yields: Task[]; fail?: boolean }[]) {
  const calls: string[] = [];
  return {
    calls,
    async *events(id: string) {
      calls.push(id);
      const script = scripts.shift() ?? { yields: [] };
      for (const t of script.yields) yield t;
      if (script.fail) throw new Error("connection reset");
    },
  };
}

describe("followTask", () => {
  test("reports every state and resolves with the terminal one", async () => {
    const source = scripted([{ yields: [at("queued", 0), at("running", 50), at("succeeded", 100)] }]);
    const seen: string[] = [];
    const done = await followTask(at("queued", 0), {
      events: source.events,
      onUpdate: (t) => seen.push(`${t.status}:${t.progress}`),
      signal: new AbortController().signal,
    });
    expect(seen).toEqual(["queued:0", "running:50", "succeeded:100"]);
    expect(done?.status).toBe("succeeded");
    expect(source.calls).toEqual(["tsk_1"]);
  });

  test("reconnects after a dropped or failed stream, backing off only while nothing arrives", async () => {
    const source = scripted([
      { yields: [at("running", 20)] },
      { yields: [], fail: true },
      { yields: [] },
      { yields: [at("running", 80), at("failed", 80)] },
    ]);
    const waits: number[] = [];
    const connected: boolean[] = [];
    const done = await followTask(at("queued", 0), {
      events: source.events,
      onUpdate: () => undefined,
      onConnected: (c) => connected.push(c),
      signal: new AbortController().signal,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(done?.status).toBe("failed");
    expect(source.calls.length).toBe(4);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(connected).toEqual([true, false, true, false, true, false, true, false]);
  });

  test("stops without resolving a task when aborted", async () => {
    const abort = new AbortController();
    const source = scripted([{ yields: [at("running", 10)] }]);
    const done = await followTask(at("queued", 0), {
      events: source.events,
      onUpdate: () => abort.abort(),
      signal: abort.signal,
      sleep: async () => undefined,
    });
    expect(done).toBeNull();
    expect(source.calls.length).toBe(1);
  });
});
