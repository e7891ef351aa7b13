// Waits until a service answers 2xx on its health URL, or gives up when it exits or the deadline passes.
export async function waitForHealth(
  url: string,
  options: { timeoutMs: number; exited?: Promise<unknown>; intervalMs?: number; fetch?: typeof fetch },
): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  let exited = false;
  void options.exited?.then(() => (exited = true));
  const deadline = Date.now() + options.timeoutMs;
  let lastError = "no answer yet";
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${url}: the process exited before it became healthy`);
    try {
      const res = await doFetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await Bun.sleep(options.intervalMs ?? 200);
  }
  throw new Error(`${url} did not become healthy within ${options.timeoutMs} ms (${lastError})`);
}
