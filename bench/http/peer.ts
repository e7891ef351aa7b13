// Waule's billed path beside a peer in one run: the Portkey AI gateway (1.15.2, a devDependency, run on Bun: one hop,
// no billing, no database) and Waule, both in front of the bench's zero-delay upstream, with the upstream alone as
// the baseline. Alternating rounds at c=50 (whole answers and streams; req/s and CPU µs per call) and one call at a
// time (p50, added over the upstream). Waule's books are checked afterwards, as in the full bench.
//   bun bench/http/peer.ts [--rounds=N] [--seconds=S] [--c1-calls=N]
import { fileURLToPath } from "node:url";
import { flag, median } from "./cli";
import { burst, type Call, sequential } from "./load";
import { cpuMicrosOf } from "./processes";
import { BENCH_MODEL, booksProblems, startBenchStack } from "./stack";

const rounds = flag("rounds", 3);
const seconds = flag("seconds", 3);
const c1Calls = flag("c1-calls", 300);

/** Starts Portkey's own server entry on a free port and waits until it answers. */
async function startPortkey() {
  const entry = fileURLToPath(import.meta.resolve("@portkey-ai/gateway/build/start-server.js"));
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port;
  await probe.stop(true);
  const proc = Bun.spawn(["bun", entry, `--port=${port}`, "--headless"], { stdout: "ignore", stderr: "inherit" });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ; ) {
    if (Date.now() > deadline) throw new Error("Portkey did not answer within 30 s");
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      break;
    await Bun.sleep(100);
  }
  return { url, pid: proc.pid, stop: () => proc.kill("SIGTERM") };
}

const stack = await startBenchStack({});
const portkey = await startPortkey();
let billed = 0;
try {
  const body = (model: string, stream: boolean) =>
    JSON.stringify({ model, messages: [{ role: "user", content: "Say hello" }], ...(stream ? { stream } : {}) });
  const json = { "content-type": "application/json" };
  type Target = { name: string; call: (stream: boolean) => Call; pids: number[]; billed: boolean };
  const targets: Target[] = [
    {
      name: "direct",
      call: (stream) => ({
        url: `${stack.upstream.url}/v1/chat/completions`,
        method: "POST",
        headers: { ...json, authorization: "Bearer sk-bench-0000" },
        body: body("gpt-4o-mini", stream),
      }),
      pids: [stack.upstream.pid],
      billed: false,
    },
    {
      name: "portkey",
      call: (stream) => ({
        url: `${portkey.url}/v1/chat/completions`,
        method: "POST",
        headers: {
          ...json,
          authorization: "Bearer sk-bench-0000",
          "x-portkey-provider": "openai",
          "x-portkey-custom-host": `${stack.upstream.url}/v1`,
        },
        body: body("gpt-4o-mini", stream),
      }),
      pids: [portkey.pid],
      billed: false,
    },
    {
      name: "waule",
      call: (stream) => ({
        url: `${stack.server.url}/api/v1/chat/completions`,
        method: "POST",
        headers: { ...json, authorization: `Bearer ${stack.apiKey}` },
        body: body(BENCH_MODEL, stream),
      }),
      pids: [stack.server.pid, stack.gateway.pid],
      billed: true,
    },
  ];
  const rate = new Map<string, number>();
  const results = new Map<string, { rps: number[]; cpu: number[] }>();
  for (let round = -1; round < rounds; round++) {
    for (const stream of [false, true]) {
      for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
        const key = `${stream ? "stream" : "chat"} ${t.name}`;
        const amount = round < 0 ? 1000 : Math.round((rate.get(key) ?? 1000) * seconds);
        const cpu0 = t.pids.map(cpuMicrosOf);
        const r = await burst(t.call(stream), 50, amount);
        const cpu = t.pids.reduce((sum, pid, i) => sum + cpuMicrosOf(pid) - cpu0[i]!, 0) / Math.max(1, r.ok);
        if (r.failed) throw new Error(`${key}: ${r.failed} calls failed`);
        if (t.billed) billed += r.ok;
        rate.set(key, r.reqPerSec);
        if (round < 0) continue;
        const seen = results.get(key) ?? { rps: [], cpu: [] };
        results.set(key, { rps: [...seen.rps, r.reqPerSec], cpu: [...seen.cpu, cpu] });
      }
    }
  }
  const p50s = new Map<string, number[]>();
  for (let round = 0; round < 3; round++) {
    for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
      const r = await sequential(t.call(false), c1Calls);
      if (r.failed) throw new Error(`c=1 ${t.name}: ${r.failed} calls failed`);
      if (t.billed) billed += r.ok;
      p50s.set(t.name, [...(p50s.get(t.name) ?? []), r.p50Ms]);
    }
  }
  console.log(`peer run: ${rounds} alternating rounds of ~${seconds} s at c=50 (medians), then 3×${c1Calls} at c=1\n`);
  console.log("| figure | direct | Portkey | Waule | Portkey/direct | Waule/direct | Waule/Portkey |");
  console.log("|---|---|---|---|---|---|---|");
  for (const kind of ["chat", "stream"]) {
    const [d, p, w] = ["direct", "portkey", "waule"].map((n) => median(results.get(`${kind} ${n}`)!.rps)) as [
      number,
      number,
      number,
    ];
    const x = (a: number, b: number) => `${(a / b).toFixed(3)}×`;
    console.log(
      `| ${kind} req/s, c=50 | ${d.toFixed(0)} | ${p.toFixed(0)} | **${w.toFixed(0)}** | ${x(p, d)} | ${x(w, d)} | ${x(w, p)} |`,
    );
  }
  const [d1, p1, w1] = ["direct", "portkey", "waule"].map((n) => median(p50s.get(n)!)) as [number, number, number];
  console.log(
    `| chat p50 ms, c=1 | ${d1.toFixed(2)} | ${p1.toFixed(2)} | **${w1.toFixed(2)}** | +${(p1 - d1).toFixed(2)} ms | +${(w1 - d1).toFixed(2)} ms | — |`,
  );
  for (const kind of ["chat", "stream"])
    console.log(
      `CPU µs per ${kind} call, c=50: direct ${median(results.get(`${kind} direct`)!.cpu).toFixed(0)}, Portkey ${median(results.get(`${kind} portkey`)!.cpu).toFixed(0)}, Waule server+gateway ${median(results.get(`${kind} waule`)!.cpu).toFixed(0)}`,
    );
} finally {
  portkey.stop();
  await stack.stop();
}
const books = await stack.books();
await stack.remove();
const problems = booksProblems(books, billed);
console.log(
  `Waule books: ${billed} answered billed calls, ${books.usageRows} usage rows, ${problems.length ? problems.join("; ") : "billed exactly"}`,
);
if (problems.length) throw new Error(`the books do not balance: ${problems.join("; ")}`);
