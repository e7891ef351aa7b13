// Bench primitives: time a batch of async operations and report ops/sec; a bench file exports `run(): Promise<BenchResult[]>`.
export type BenchResult = { name: string; ops: number; opsPerSec: number; note?: string };
/** What `bench/run.ts` passes every bench: the `--flags` of its command line (e.g. `--quick`). */
export type BenchOptions = { flags?: string[] };

export type MeasureOptions = {
  /** Keep measuring until this much time has passed. */
  minMs?: number;
  /** Operations run (and thrown away) before timing starts. */
  warmup?: number;
  /** Operations each worker runs between clock reads; large for cheap ops, 1 for slow ones. */
  batch?: number;
  /** Operations kept in flight at once (independent workers). */
  concurrency?: number;
};

/** `count` operations split over `concurrency` workers. */
async function runCount(op: () => Promise<unknown> | unknown, count: number, concurrency: number): Promise<void> {
  const workers = Array.from({ length: Math.min(concurrency, count) }, async (_, w) => {
    for (let i = w; i < count; i += concurrency) await op();
  });
  await Promise.all(workers);
}

/**
 * Runs `op` in batches until `minMs` has passed (after a warm-up), so slow and fast ops both get a stable
 * sample. With `concurrency` > 1, that many workers loop side by side and all of their operations count.
 */
export async function measure(
  name: string,
  op: () => Promise<unknown> | unknown,
  options: MeasureOptions = {},
): Promise<BenchResult> {
  const minMs = options.minMs ?? 1000;
  const batch = options.batch ?? 100;
  const concurrency = options.concurrency ?? 1;
  await runCount(op, options.warmup ?? 200, concurrency);
  let ops = 0;
  const start = performance.now();
  const worker = async () => {
    while (performance.now() - start < minMs) {
      for (let i = 0; i < batch; i++) await op();
      ops += batch;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - start;
  return { name, ops, opsPerSec: (ops * 1000) / elapsed };
}

export type BenchCase = { name: string; op: () => Promise<unknown> | unknown; concurrency?: number; batch?: number };

/**
 * Measures the cases in alternating rounds and keeps each case's best round. On a shared, noisy machine a
 * burst of other work only ever slows a round down, so best-of-rounds taken side by side gives steadier
 * ratios than one long sample of each case taken minutes apart.
 */
export async function compare(
  cases: BenchCase[],
  options: { rounds?: number; roundMs?: number; warmup?: number } = {},
): Promise<BenchResult[]> {
  const rounds = options.rounds ?? 8;
  const best = new Map<string, BenchResult>();
  for (const c of cases) await runCount(c.op, options.warmup ?? 50, c.concurrency ?? 1);
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      const result = await measure(c.name, c.op, {
        minMs: options.roundMs ?? 150,
        warmup: 0,
        batch: c.batch ?? 1,
        concurrency: c.concurrency,
      });
      const previous = best.get(c.name);
      if (!previous || result.opsPerSec > previous.opsPerSec) best.set(c.name, result);
    }
  }
  return cases.map((c) => best.get(c.name)!);
}

/** How many `baseline` operations one `subject` operation costs (ops/sec ratio of the same run). */
export function costRatio(baseline: BenchResult, subject: BenchResult): number {
  return baseline.opsPerSec / subject.opsPerSec;
}

export function formatRatio(ratio: number): string {
  return ratio >= 10 ? ratio.toFixed(0) : ratio >= 1 ? ratio.toFixed(1) : ratio.toFixed(2);
}

export function formatResults(file: string, results: BenchResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length), 10);
  const lines = results.map(
    (r) =>
      `  ${r.name.padEnd(width)}  ${Math.round(r.opsPerSec).toLocaleString("en-US").padStart(12)} ops/s${r.note ? `  ${r.note}` : ""}`,
  );
  return [`${file}`, ...lines].join("\n");
}
