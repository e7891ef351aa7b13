// The injected sources of time and identity, so tests can fix them and stay deterministic.
export type Clock = { now(): number };
export type Ids = { next(): string };

export const systemClock: Clock = { now: () => Date.now() };
export const randomIds: Ids = { next: () => crypto.randomUUID() };

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

/** Ids that count up: `${prefix}1`, `${prefix}2`, … */
export function sequentialIds(prefix = "id"): Ids {
  let n = 0;
  return { next: () => `${prefix}${++n}` };
}
