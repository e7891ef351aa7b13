// A gateway call that starts the moment its hold is granted (ledger.ts holdCredits onHeld), while the hold's commit
// is still being written, and is awaited once the hold has resolved. Both chat paths (whole and streamed) use it.

export type CallOnHold<T> = {
  /** holdCredits' onHeld: starts the call. */
  start(): void;
  /** The call's outcome; started now if the hold resolved without starting it (a start that threw). */
  result(): Promise<T>;
};

export function callOnHold<T>(call: () => Promise<T>): CallOnHold<T> {
  let started: Promise<T> | undefined;
  const start = () => {
    started = call();
    // Awaited through result() once the hold is in; until then, or if the hold never commits, not unhandled.
    started.catch(() => undefined);
  };
  return {
    start,
    result() {
      if (!started) start();
      return started!;
    },
  };
}
