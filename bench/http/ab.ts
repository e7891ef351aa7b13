// Two whole stacks side by side, this tree's and WAULE_BENCH_BASE's (e.g. a `git worktree` of main), measured in
// alternating bursts (base, this, base, this …) of billed chat and streams at c=50, so a before/after pair sees the
// same machine even when other work loads it. Prints req/s and CPU µs per call of server and gateway per round, the
// medians, and checks that each stack billed every answered call exactly once.
// `me` compares GET /api/v1/me instead (not billed; the books still count the chat and stream calls only).
//   WAULE_BENCH_BASE=/path/to/base bun bench/http/ab.ts [chat|stream|both|me] [--rounds=N] [--calls=N]
//     [--c1-rounds=N] [--c1-calls=N]   (the one-at-a-time part: 3 alternating rounds of 100 calls by default)
// WAULE_BENCH_BASE_ENV="NAME=value …" starts the base stack's processes with those settings too: with
// WAULE_BENCH_BASE set to this same checkout, the pair compares one setting (e.g. MIMALLOC_PURGE_DELAY) on one build.
import { join } from "node:path";
import { args, flag, median } from "./cli";
import { burst, type Call, sequential } from "./load";
import { cpuMicrosOf, rssMbOf } from "./processes";
import { BENCH_MODEL, type Books, booksProblems } from "./stack";

const which = args.find((a) => !a.startsWith("--")) ?? "both";
const rounds = flag("rounds", 4);
const calls = flag("calls", 1500);
const c1Rounds = flag("c1-rounds", 3);
const c1Calls = flag("c1-calls", 100);
type Kind = "chat" | "stream" | "me";
const kinds: readonly Kind[] = which === "both" ? ["chat", "stream"] : [which as Kind];
const base = process.env.WAULE_BENCH_BASE;
if (!base) throw new Error("set WAULE_BENCH_BASE to the checkout to compare against");

type Info = { server: { url: string; pid: number }; gateway: { pid: number }; apiKey: string };
const baseEnv = Object.fromEntries(
  (process.env.WAULE_BENCH_BASE_ENV ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
);

async function startStack(root: string | undefined) {
  const env = { ...process.env, ...(root ? baseEnv : {}) };
  if (root) env.WAULE_BENCH_ROOT = root;
  else delete env.WAULE_BENCH_ROOT;
  const proc = Bun.spawn(["bun", join(import.meta.dir, "ab-stack.ts")], { env, stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  const line = async () => {
    for (;;) {
      const at = seen.indexOf("\n");
      if (at >= 0) {
        const l = seen.slice(0, at);
        seen = seen.slice(at + 1);
        if (l.startsWith("{")) return l;
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(`stack exited:\n${seen}`);
      seen += decoder.decode(value, { stream: true });
    }
  };
  const info = JSON.parse(await line()) as Info;
  return {
    info,
    async stop() {
      proc.kill("SIGTERM");
      return JSON.parse(await line()).books as Books;
    },
  };
}

const stacks = [
  { name: "base", ...(await startStack(base)) },
  { name: "this", ...(await startStack(undefined)) },
];
const billed = new Map<string, number>(stacks.map((s) => [s.name, 0]));
const callOf = (info: Info, kind: Kind): Call =>
  kind === "me"
    ? { url: `${info.server.url}/api/v1/me`, method: "GET", headers: { authorization: `Bearer ${info.apiKey}` } }
    : {
        url: `${info.server.url}/api/v1/chat/completions`,
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${info.apiKey}` },
        body: JSON.stringify({
          model: BENCH_MODEL,
          messages: [{ role: "user", content: "Say hello" }],
          ...(kind === "stream" ? { stream: true, stream_options: { include_usage: true } } : {}),
        }),
      };
const billedOf = (kind: Kind, ok: number) => (kind === "me" ? 0 : ok);
const results = new Map<string, { rps: number; server: number; gateway: number }[]>();
try {
  for (const s of stacks)
    for (const kind of kinds)
      billed.set(s.name, billed.get(s.name)! + billedOf(kind, (await burst(callOf(s.info, kind), 50, 300)).ok));
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      // Base first in even rounds, this tree first in odd ones: neither always follows the other.
      for (const s of round % 2 === 0 ? stacks : [...stacks].reverse()) {
        const before = [cpuMicrosOf(s.info.server.pid), cpuMicrosOf(s.info.gateway.pid)];
        const r = await burst(callOf(s.info, kind), 50, calls);
        billed.set(s.name, billed.get(s.name)! + billedOf(kind, r.ok));
        const n = Math.max(1, r.ok + r.failed);
        const row = {
          rps: r.reqPerSec,
          server: (cpuMicrosOf(s.info.server.pid) - before[0]!) / n,
          gateway: (cpuMicrosOf(s.info.gateway.pid) - before[1]!) / n,
        };
        const key = `${kind} ${s.name}`;
        results.set(key, [...(results.get(key) ?? []), row]);
        console.log(
          `${key.padEnd(11)} round ${round}: ${row.rps.toFixed(0)} req/s, CPU µs/call server ${row.server.toFixed(0)}, gateway ${row.gateway.toFixed(0)}${r.failed ? `, ${r.failed} FAILED` : ""}`,
        );
      }
    }
  }
  // One at a time: latency (p50 to the last byte) and, for streams, time to the first byte; alternating rounds.
  const one = new Map<string, { p50: number[]; ttfb: number[] }>();
  for (let round = 0; round < c1Rounds; round++) {
    for (const kind of kinds) {
      for (const s of round % 2 === 0 ? stacks : [...stacks].reverse()) {
        const r = await sequential(callOf(s.info, kind), c1Calls);
        billed.set(s.name, billed.get(s.name)! + billedOf(kind, r.ok));
        const key = `${kind} ${s.name}`;
        const seen = one.get(key) ?? { p50: [], ttfb: [] };
        one.set(key, { p50: [...seen.p50, r.p50Ms], ttfb: [...seen.ttfb, r.ttfbP50Ms] });
      }
    }
  }
  for (const [key, r] of one)
    console.log(
      `${key.padEnd(11)} c=1: p50 best ${Math.min(...r.p50).toFixed(2)} ms, median ${median(r.p50).toFixed(2)} ms; first byte p50 best ${Math.min(...r.ttfb).toFixed(2)} ms`,
    );
  for (const [key, rows] of results)
    console.log(
      `${key.padEnd(11)} median: ${median(rows.map((r) => r.rps)).toFixed(0)} req/s (best ${Math.max(...rows.map((r) => r.rps)).toFixed(0)}), CPU µs/call server ${median(rows.map((r) => r.server)).toFixed(0)}, gateway ${median(rows.map((r) => r.gateway)).toFixed(0)}`,
    );
} finally {
  for (const s of stacks) {
    const rss = `RSS after the run: server ${rssMbOf(s.info.server.pid).toFixed(0)} MB, gateway ${rssMbOf(s.info.gateway.pid).toFixed(0)} MB`;
    const books = await s.stop();
    const answered = billed.get(s.name)!;
    const problems = booksProblems(books, answered);
    console.log(
      `${s.name}: ${answered} answered, ${books.usageRows} usage rows, ${problems.length ? `BOOKS DO NOT BALANCE: ${problems.join("; ")}` : "billed exactly"}; ${rss}`,
    );
  }
}
