// Bench primitives: time a batch of async operations and report ops/sec; a bench file exports `run(): Promise<BenchResult[]>`.
export type BenchResult = { name: string; ops: number; opsPerSec: number; note?: string };

/** Runs `op` in batches until `minMs` has passed (after a warm-up), so slow and fast ops both get a stable sample. */
export async function measure(name: string, op: () => Promise<unknown> | unknown, options: { minMs?: number; warmup?: number } = {}): Promise<BenchResult> {
  const minMs = options.minMs ?? 1000;
  for (let i = 0; i < (options.warmup ?? 200); i++) await op();
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) await op();
    ops += 100;
    elapsed = performance.now() - start;
  }
  return { name, ops, opsPerSec: (ops * 1000) / elapsed };
}

export function formatResults(file: string, results: BenchResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length), 10);
  const lines = results.map((r) => `  ${r.name.padEnd(width)}  ${Math.round(r.opsPerSec).toLocaleString("en-US").padStart(12)} ops/s${r.note ? `  ${r.note}` : ""}`);
  return [`${file}`, ...lines].join("\n");
}
