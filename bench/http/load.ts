// Load for the HTTP benchmark: autocannon for many connections, and a one-at-a-time Bun client for latency at c=1
// and a stream's time to first byte. Both make a fixed number of requests, so every billed call is counted exactly.
import autocannon from "autocannon";

export type Call = { url: string; method: "GET" | "POST"; headers: Record<string, string>; body?: string };

export type LoadResult = {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers with a 2xx status; the rest (non-2xx, errors, timeouts) are in `failed`. */
  ok: number;
  failed: number;
};

/** `amount` requests over `connections` keep-alive connections (at least one request each). */
export async function burst(call: Call, connections: number, amount: number): Promise<LoadResult> {
  const result = await autocannon({
    url: call.url,
    method: call.method,
    headers: call.headers,
    body: call.body,
    connections,
    amount: Math.max(amount, connections),
    timeout: 60,
    // The run ends at the first sample tick after the last answer: a fine tick keeps its duration exact.
    sampleInt: 10,
  });
  const ok = result["2xx"];
  return {
    reqPerSec: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export type SequentialResult = LoadResult & { ttfbP50Ms: number };

/** `count` requests one after another; times each to its last byte, and to its first body byte. */
export async function sequential(call: Call, count: number): Promise<SequentialResult> {
  const totals: number[] = [];
  const firsts: number[] = [];
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const response = await fetch(call.url, { method: call.method, headers: call.headers, body: call.body });
    const reader = response.body!.getReader();
    let first = true;
    for (;;) {
      const { done } = await reader.read();
      if (first) {
        firsts.push(performance.now() - t0);
        first = false;
      }
      if (done) break;
    }
    totals.push(performance.now() - t0);
    if (response.ok) ok++;
    else failed++;
  }
  const elapsed = performance.now() - started;
  totals.sort((a, b) => a - b);
  firsts.sort((a, b) => a - b);
  return {
    reqPerSec: (count * 1000) / elapsed,
    p50Ms: percentile(totals, 50),
    p99Ms: percentile(totals, 99),
    ttfbP50Ms: percentile(firsts, 50),
    ok,
    failed,
  };
}
