// One user action at a time (a sign-in, a change on a management screen): busy while it runs, its error or a short notice after, then an optional re-read of what the server stored.
import { createSignal } from "solid-js";

export function createChangeRunner(afterChange: () => unknown) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);

  /** Runs one change; answers its result, or undefined when it failed (the error is kept for display). */
  async function run<T>(action: () => Promise<T>, done?: string): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const result = await action();
      if (done) setNotice(done);
      await afterChange();
      return result;
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, notice, run };
}
