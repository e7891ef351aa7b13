// A focused run of the HTTP bench's stack for profiling one path: only billed chat or only billed streams through
// Waule at c=50, in alternating rounds, printing req/s and CPU µs per call of the server and the gateway.
//   bun bench/http/focus.ts [chat|stream|both] [--rounds=N] [--calls=N] [--cpu-prof]
// With --cpu-prof the profiles hold nothing but the chosen path (plus start-up), unlike the full bench's mix.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { args, flag } from "./cli";
import { burst, type Call } from "./load";
import { BENCH_MODEL, booksProblems, startBenchStack } from "./stack";

const which = args.find((a) => !a.startsWith("--")) ?? "both";
const rounds = flag("rounds", 3);
const calls = flag("calls", 3000);
const cpuProfDir = args.includes("--cpu-prof") ? await mkdtemp(join(tmpdir(), "waule-focus-prof-")) : undefined;
const kinds = which === "both" ? (["chat", "stream"] as const) : ([which] as ("chat" | "stream")[]);

const stack = await startBenchStack({ cpuProfDir });
const callOf = (kind: "chat" | "stream", target: "waule" | "direct"): Call => ({
  url: target === "waule" ? `${stack.server.url}/api/v1/chat/completions` : `${stack.upstream.url}/v1/chat/completions`,
  method: "POST",
  headers: {
    "content-type": "application/json",
    authorization: `Bearer ${target === "waule" ? stack.apiKey : "sk-bench-0000"}`,
  },
  body: JSON.stringify({
    model: target === "waule" ? BENCH_MODEL : "gpt-4o-mini",
    messages: [{ role: "user", content: "Say hello" }],
    ...(kind === "stream" ? { stream: true, stream_options: { include_usage: true } } : {}),
  }),
});
let billed = 0;
try {
  for (const kind of kinds) billed += (await burst(callOf(kind, "waule"), 50, 300)).ok;
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      const direct = await burst(callOf(kind, "direct"), 50, calls * 5);
      const before = [stack.server.cpuMicros(), stack.gateway.cpuMicros()];
      const r = await burst(callOf(kind, "waule"), 50, calls);
      billed += r.ok;
      const n = Math.max(1, r.ok + r.failed);
      const server = (stack.server.cpuMicros() - before[0]!) / n;
      const gateway = (stack.gateway.cpuMicros() - before[1]!) / n;
      console.log(
        `${kind.padEnd(6)} round ${round}: ${r.reqPerSec.toFixed(0)} req/s (direct ${direct.reqPerSec.toFixed(0)}, ${(r.reqPerSec / direct.reqPerSec).toFixed(4)}×), p50 ${r.p50Ms} ms, failed ${r.failed}; CPU µs/call server ${server.toFixed(0)}, gateway ${gateway.toFixed(0)}`,
      );
    }
  }
  await stack.stop();
  const books = await stack.books();
  const problems = booksProblems(books, billed);
  console.log(
    `books: ${billed} answered, ${books.usageRows} usage rows: ${problems.length ? problems.join("; ") : "exact"}`,
  );
  if (cpuProfDir) console.log(`profiles: ${cpuProfDir}`);
} finally {
  await stack.stop();
  await stack.remove();
}
