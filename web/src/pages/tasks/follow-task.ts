// Following one task to its end over its events stream, reconnecting with backoff when the stream drops early.
import { isTerminalStatus, type Task } from "@waule/shared/tasks";

export type FollowTaskOptions = {
  /** The events stream of the task (current state first, then changes); ends when the server closes it. */
  events: (id: string, signal: AbortSignal) => AsyncIterable<Task>;
  onUpdate: (task: Task) => void;
  onConnected?: (connected: boolean) => void;
  signal: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  maxBackoffMs?: number;
};

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Resolves with the terminal task, or null when `signal` aborted first. A stream that ends before the
 * task does (server restart, proxy timeout) or fails is opened again after 0.5 s, 1 s, 2 s… up to the cap;
 * a stream that delivered something resets the backoff.
 */
export async function followTask(initial: Task, options: FollowTaskOptions): Promise<Task | null> {
  const sleep = options.sleep ?? abortableSleep;
  const maxBackoffMs = options.maxBackoffMs ?? 15_000;
  let current = initial;
  let failures = 0;
  while (!options.signal.aborted && !isTerminalStatus(current.status)) {
    let delivered = false;
    try {
      options.onConnected?.(true);
      for await (const next of options.events(initial.id, options.signal)) {
        current = next;
        delivered = true;
        options.onUpdate(next);
      }
    } catch {
      // Counted below like an early end: either way the task is not finished and we try again.
    } finally {
      options.onConnected?.(false);
    }
    if (options.signal.aborted || isTerminalStatus(current.status)) break;
    failures = delivered ? 0 : failures + 1;
    await sleep(Math.min(maxBackoffMs, 500 * 2 ** failures), options.signal);
  }
  return options.signal.aborted ? null : current;
}
