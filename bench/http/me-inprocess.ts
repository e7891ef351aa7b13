// GET /api/v1/me answered in this process, without a socket: the server app as main.ts serves it (web app in front),
// on a database file, called `count` times with 50 in flight, rounds alternating between this tree and the trees
// given as WAULE_BENCH_BASE (comma-separated), each its own app. Prints process CPU µs per call per round and the
// medians. No network, no other process: the JS and database cost of the middleware chain alone, which a socket
// bench's noise (±5 µs per call on a shared machine) hides.
//   [WAULE_BENCH_BASE=/path/to/base] bun bench/http/me-inprocess.ts [count] [--rounds=N]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "./cli";

const args = process.argv.slice(2);
const count = Number(args.find((a) => !a.startsWith("--")) ?? 20_000);
const rounds = Number(args.find((a) => a.startsWith("--rounds="))?.split("=")[1] ?? 5);
const trees = [
  { name: "this", root: join(import.meta.dir, "..", "..") },
  ...(process.env.WAULE_BENCH_BASE ?? "")
    .split(",")
    .filter(Boolean)
    .map((root, i) => ({ name: `base${i || ""}`, root })),
];
const secrets = {
  INTERNAL_SECRET: "bench-internal-secret-0123456789abcdef",
  JWT_SECRET: "bench-jwt-secret-0123456789abcdef0123456",
  CONFIG_ENCRYPTION_KEY: "33".repeat(32),
  URL_SIGNING_SECRET: "bench-url-signing-secret-0123456789abc",
  GATEWAY_ADMIN_TOKEN: "bench-admin-token-0123456789abcdef0123",
};

async function appOf(root: string, dir: string) {
  const at = (p: string) => join(root, p);
  const { openServerDb } = await import(at("db/src/connect.ts"));
  const { systemClock, randomIds } = await import(at("services/shared/src/clock.ts"));
  const { createTenant } = await import(at("services/server/src/tenants/tenants.ts"));
  const { createServerApp } = await import(at("services/server/src/app.ts"));
  const { buildServerDeps } = await import(at("services/server/src/build-deps.ts"));
  const { loadServerConfig } = await import(at("services/server/src/config.ts"));
  const { createGatewayClient } = await import(at("services/server/src/gateway-client/client.ts"));
  const { withWebApp } = await import(at("services/server/src/web/web-app.ts"));
  const db = await openServerDb({ url: `file:${join(dir, "server.db")}` });
  const { apiKey } = await createTenant({ db, clock: systemClock, ids: randomIds }, { name: "Bench", credits: 1000 });
  const config = loadServerConfig({
    NODE_ENV: "development",
    SERVER_DB_URL: `file:${join(dir, "server.db")}`,
    GATEWAY_URL: "http://127.0.0.1:9",
    TENANT_RPM: "0",
    KEY_RPM: "0",
    ...secrets,
  });
  const gateway = createGatewayClient({
    baseUrl: config.GATEWAY_URL,
    secret: config.INTERNAL_SECRET,
    clock: systemClock,
  });
  const deps = buildServerDeps({ db, gateway, clock: systemClock, ids: randomIds, config }, null);
  const app = withWebApp(createServerApp(deps)) as { fetch(r: Request): Response | Promise<Response> };
  return { app, apiKey: apiKey as string };
}

const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
async function burst(app: { fetch(r: Request): Response | Promise<Response> }, apiKey: string, n: number) {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const res = await app.fetch(
        new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${apiKey}` } }),
      );
      if (res.status !== 200) failed++;
      await res.arrayBuffer();
    }
  };
  const before = cpu();
  await Promise.all(Array.from({ length: 50 }, worker));
  if (failed) throw new Error(`${failed} of ${n} GET /me failed`);
  return (cpu() - before) / n;
}

const dirs: string[] = [];
const apps = [];
for (const tree of trees) {
  const dir = await mkdtemp(join(tmpdir(), "waule-me-inprocess-"));
  dirs.push(dir);
  apps.push({ ...tree, ...(await appOf(tree.root, dir)) });
}
try {
  const results = new Map<string, number[]>();
  for (const a of apps) await burst(a.app, a.apiKey, 5000);
  for (let round = 0; round < rounds; round++) {
    for (const a of round % 2 === 0 ? apps : [...apps].reverse()) {
      const perCall = await burst(a.app, a.apiKey, count);
      results.set(a.name, [...(results.get(a.name) ?? []), perCall]);
      console.log(`${a.name.padEnd(6)} round ${round}: ${perCall.toFixed(1)} µs CPU/call`);
    }
  }
  for (const [name, xs] of results) console.log(`${name.padEnd(6)} median: ${median(xs).toFixed(1)} µs CPU/call`);
} finally {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
process.exit(0);
