// Profiles one kind of billed-path call on the HTTP bench's stack: `count` calls of that kind at c=50 to the server,
// then the server's CPU per call from /proc. With `--cpu-prof` the server and the gateway run under `bun --cpu-prof`
// (profiles written on exit, to the printed directory); with PERF=<file> the run is also sampled by `perf record`
// (kernel and native frames: what a JS profile cannot see, e.g. fsync, page faults, the libSQL driver).
//   bun bench/http/profile.ts chat 20000 [--cpu-prof]      (kinds: chat, stream, me)
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { burst, type Call } from "./load";
import { BENCH_MODEL, startBenchStack } from "./stack";

const [kindArg, countArg] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const kind = (kindArg ?? "chat") as "chat" | "stream" | "me";
const count = Number(countArg ?? 10_000);
const cpuProfDir = process.argv.includes("--cpu-prof") ? await mkdtemp(join(tmpdir(), "waule-bench-prof-")) : undefined;
const stack = await startBenchStack({ cpuProfDir, redisUrl: process.env.BENCH_REDIS_URL });
try {
  const call: Call =
    kind === "me"
      ? { url: `${stack.server.url}/api/v1/me`, method: "GET", headers: { authorization: `Bearer ${stack.apiKey}` } }
      : {
          url: `${stack.server.url}/api/v1/chat/completions`,
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${stack.apiKey}` },
          body: JSON.stringify({
            model: BENCH_MODEL,
            messages: [{ role: "user", content: "Say hello" }],
            ...(kind === "stream" ? { stream: true } : {}),
          }),
        };
  await burst(call, 50, 1000);
  // ROUNDS=n: n runs of `count` calls one after another, each reported (how the cost settles as the JIT warms up).
  for (let round = 1; round < Number(process.env.ROUNDS ?? 1); round++) {
    const before = stack.server.cpuMicros();
    const r = await burst(call, 50, count);
    const perCall = (stack.server.cpuMicros() - before) / Math.max(1, r.ok + r.failed);
    console.log(`${kind} round ${round}: ${r.reqPerSec.toFixed(0)} req/s, server ${perCall.toFixed(0)} µs CPU/call`);
  }
  const before = stack.server.cpuMicros();
  const perf = process.env.PERF
    ? Bun.spawn(["perf", "record", "-F", "1999", "-g", "-p", String(stack.server.pid), "-o", process.env.PERF], {
        stdout: "ignore",
        stderr: "ignore",
      })
    : null;
  const r = await burst(call, 50, count);
  if (perf) {
    perf.kill("SIGINT");
    await perf.exited;
  }
  const perCall = (stack.server.cpuMicros() - before) / Math.max(1, r.ok + r.failed);
  console.log(
    `${kind}: ${r.ok} ok, ${r.failed} failed, ${r.reqPerSec.toFixed(0)} req/s, server ${perCall.toFixed(0)} µs CPU/call`,
  );
} finally {
  await stack.stop();
  await stack.remove();
}
if (cpuProfDir) console.log(`profiles: ${cpuProfDir}`);
