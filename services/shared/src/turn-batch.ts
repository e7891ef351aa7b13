// Streams relayed chunk by chunk (gateway → server → client) write once per batch instead of once per event: a batch
// is every value a source has ready in the current turn of the event loop. Waiting stops at the end of the turn, so
// a value that needs more input from the network is never waited for; it opens the next batch instead.

const TURN_OVER = Symbol("turn over");

export type TurnBatch<T> = {
  values: T[];
  /** The source ended (done) or failed (error set) after `values`. */
  done: boolean;
  error?: unknown;
};

export type TurnBatcher<T> = {
  /** Waits for the first value, then takes the ones that follow within the same turn. */
  take(): Promise<TurnBatch<T>>;
  /** A `next()` still running when the last batch closed; its value opens the next batch. */
  readonly inFlight: Promise<unknown> | undefined;
};

export function createTurnBatcher<T>(next: () => Promise<IteratorResult<T>>): TurnBatcher<T> {
  let inFlight: Promise<IteratorResult<T>> | undefined;
  return {
    async take() {
      const values: T[] = [];
      let turnOver: Promise<typeof TURN_OVER> | undefined;
      try {
        for (;;) {
          const pending = inFlight ?? next();
          inFlight = undefined;
          let result: IteratorResult<T>;
          if (turnOver === undefined) {
            result = await pending;
            // Armed once the batch has its first value: what the source yields before it fires joins in.
            turnOver = new Promise((resolve) => setImmediate(() => resolve(TURN_OVER)));
          } else {
            const raced = await Promise.race([pending, turnOver]);
            if (raced === TURN_OVER) {
              inFlight = pending;
              return { values, done: false };
            }
            result = raced;
          }
          if (result.done) return { values, done: true };
          values.push(result.value);
        }
      } catch (error) {
        return { values, done: true, error };
      }
    },
    get inFlight() {
      return inFlight;
    },
  };
}
