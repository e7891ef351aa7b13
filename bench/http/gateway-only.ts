// The gateway alone under load, to weigh its CPU per call without the server's share of a shared machine:
// signed internal chat calls (whole answers and streams) straight to the gateway at c=50, against the bench's
// zero-delay upstream. With WAULE_BENCH_BASE=<other checkout> a second gateway from that tree runs beside this
// one and the rounds alternate between them, so a before/after pair sees the same machine.
//   bun bench/http/gateway-only.ts [chat|stream|both] [--rounds=N] [--calls=N] [--c1-calls=N] [--cpu-prof]
// Then one call at a time (3 alternating rounds of --c1-calls, 300 by default): each gateway's p50 beside the
// upstream's own, so the gateway's share of the billed path's added c=1 latency shows apart from the server's.

import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signInternalRequest } from "../../services/shared/src/internal-signature";
import { args, flag, median } from "./cli";
import { type Child, startChild } from "./processes";

/** utime and stime of a process in clock ticks (1/100 s on common kernels), to split user from kernel time. */
function ticks(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: Number(fields[11]), sys: Number(fields[12]) };
}

const which = args.find((a) => !a.startsWith("--")) ?? "both";
const rounds = flag("rounds", 3);
const calls = flag("calls", 3000);
const c1Calls = flag("c1-calls", 300);
const connections = 50;
const kinds = which === "both" ? (["chat", "stream"] as const) : ([which] as ("chat" | "stream")[]);
const secret = "bench-internal-secret-0123456789abcdef";
const adminToken = "bench-admin-token-0123456789abcdef01234";

const dir = await mkdtemp(join(tmpdir(), "waule-gw-only-"));
const cpuProfDir = args.includes("--cpu-prof") ? join(dir, "prof") : undefined;
const here = join(import.meta.dir, "..", "..");
const trees = [
  { name: "this", root: here },
  ...(process.env.WAULE_BENCH_BASE ? [{ name: "base", root: process.env.WAULE_BENCH_BASE }] : []),
];
const children: Child[] = [];
try {
  const upstream = await startChild("upstream", join(here, "bench/http/upstream.ts"), {});
  children.push(upstream);
  const gateways: { name: string; child: Child }[] = [];
  for (const tree of trees) {
    const child = await startChild(
      `gateway-${tree.name}`,
      join(tree.root, "services/gateway/src/main.ts"),
      {
        NODE_ENV: "development",
        PORT: "0",
        GATEWAY_DB_URL: `file:${join(dir, `${tree.name}.db`)}`,
        STORAGE_DIR: join(dir, `storage-${tree.name}`),
        INTERNAL_SECRET: secret,
        CONFIG_ENCRYPTION_KEY: "33".repeat(32),
        URL_SIGNING_SECRET: "bench-url-signing-secret-0123456789abcd",
        GATEWAY_ADMIN_TOKEN: adminToken,
      },
      { cpuProfDir },
    );
    children.push(child);
    const added = await fetch(`${child.url}/api/provider-keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        provider: "openai",
        name: "bench",
        secret: "sk-bench-0000",
        baseUrl: `${upstream.url}/v1`,
      }),
    });
    if (added.status !== 201) throw new Error(`adding the key failed: ${added.status} ${await added.text()}`);
    gateways.push({ name: tree.name, child });
  }

  const path = "/internal/v1/chat/completions";
  let seq = 0;
  async function one(url: string, stream: boolean): Promise<boolean> {
    const body = JSON.stringify({
      tenantId: "t_bench",
      requestId: `req_${++seq}`,
      model: "bench-chat",
      provider: "openai",
      upstreamModel: "gpt-4o-mini",
      messages: [{ role: "user", content: "Say hello" }],
      stream,
    });
    const headers = signInternalRequest(secret, { method: "POST", path, body, timestampMs: Date.now() });
    const res = await fetch(url + path, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
    });
    const text = await res.text();
    return (
      res.ok && (stream ? text.includes("[DONE]") && text.includes("promptTokens") : text.includes("promptTokens"))
    );
  }
  async function load(child: Child, stream: boolean, amount: number) {
    let next = 0;
    let failed = 0;
    const cpu = child.cpuMicros();
    const split = ticks(child.pid);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next++ < amount) if (!(await one(child.url, stream))) failed++;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const after = ticks(child.pid);
    const sysShare = (after.sys - split.sys) / Math.max(1, after.sys - split.sys + after.user - split.user);
    return { reqPerSec: amount / seconds, cpuPerCall: (child.cpuMicros() - cpu) / amount, sysShare, failed };
  }

  for (const g of gateways) for (const kind of kinds) await load(g.child, kind === "stream", 300);
  const best = new Map<string, { reqPerSec: number; cpu: number[] }>();
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      for (const g of gateways) {
        const r = await load(g.child, kind === "stream", calls);
        const key = `${kind} ${g.name}`;
        const seen = best.get(key) ?? { reqPerSec: 0, cpu: [] };
        best.set(key, { reqPerSec: Math.max(seen.reqPerSec, r.reqPerSec), cpu: [...seen.cpu, r.cpuPerCall] });
        console.log(
          `${key.padEnd(12)} round ${round}: ${r.reqPerSec.toFixed(0)} req/s, gateway CPU ${r.cpuPerCall.toFixed(0)} µs/call (${(r.sysShare * 100).toFixed(0)}% kernel)${r.failed ? `, ${r.failed} FAILED` : ""}`,
        );
      }
    }
  }
  for (const [key, r] of best) {
    const sorted = [...r.cpu].sort((a, b) => a - b);
    console.log(
      `${key.padEnd(12)} best ${r.reqPerSec.toFixed(0)} req/s, CPU µs/call min ${sorted[0]!.toFixed(0)} median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)}`,
    );
  }
  // One at a time: the p50 of a whole call (signing included, ~10 µs), the upstream alone for reference.
  const direct = async () => {
    const res = await fetch(`${upstream.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sk-bench-0000" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello" }] }),
    });
    await res.text();
    return res.ok;
  };
  const targets = [
    { name: "upstream", call: direct },
    ...gateways.map((g) => ({ name: g.name, call: () => one(g.child.url, false) })),
  ];
  const p50s = new Map<string, number[]>();
  for (let round = 0; round < 3; round++) {
    for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
      const times: number[] = [];
      for (let i = 0; i < c1Calls; i++) {
        const t0 = performance.now();
        if (!(await t.call())) throw new Error(`${t.name}: a c=1 call failed`);
        times.push(performance.now() - t0);
      }
      p50s.set(t.name, [...(p50s.get(t.name) ?? []), median(times)]);
    }
  }
  const upstreamP50 = median(p50s.get("upstream")!);
  for (const [name, xs] of p50s)
    console.log(
      `chat ${name.padEnd(8)} c=1: p50 median ${median(xs).toFixed(2)} ms${name === "upstream" ? "" : ` (+${(median(xs) - upstreamP50).toFixed(2)} ms over the upstream)`}`,
    );
  if (cpuProfDir) console.log(`profiles: ${cpuProfDir} (kept)`);
} finally {
  await Promise.all(children.map((c) => c.stop()));
  if (!cpuProfDir) await rm(dir, { recursive: true, force: true });
}
