// The injected sources of time and identity both services use, so tests can fix them and stay deterministic.
export type Clock = { now(): number };
/** Makes a new id named by what it identifies: `make("task")` → `task_…`, so a log line says what an id is. */
export type Ids = { make(prefix: string): string };

export const systemClock: Clock = { now: () => Date.now() };

/** Random, prefixed ids (`req_…`, `hold_…`, `gt_…`). */
export const randomIds: Ids = { make: (prefix) => `${prefix}_${crypto.randomUUID().replaceAll("-", "")}` };

/** A clock tests move by hand. */
export function manualClock(startMs: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let current = startMs;
  return {
    now: () => current,
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** Ids that count up, one counter for every prefix: `${prefix}_${seed}1`, `${prefix}_${seed}2`, … */
export function sequentialIds(seed = ""): Ids {
  let n = 0;
  return { make: (prefix) => `${prefix}_${seed}${++n}` };
}
