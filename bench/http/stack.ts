// The processes of the HTTP benchmark, as production runs them: the fake upstream, the bare Hono floor, the gateway
// and the server, each its own `bun`; plus the billing books they are checked against afterwards.
// Relative imports: bench/ is not a workspace package; the server's modules resolve their own dependencies.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openServerDb } from "../../db/src/connect";
import { models } from "../../db/src/server";
import { createTenant } from "../../services/server/src/tenants/tenants";
import { randomIds, systemClock } from "../../services/shared/src/clock";
import type { Call } from "./load";
import { type Child, startChild } from "./processes";

/**
 * Where the services are started from: this checkout, or WAULE_BENCH_ROOT (another checkout of the repo with its
 * packages installed), to measure an older commit with the same harness in the same sitting.
 */
const root = process.env.WAULE_BENCH_ROOT ?? join(import.meta.dir, "..", "..");
export const BENCH_MODEL = "bench-chat";
const OPENING_CREDITS = 1_000_000_000_000;
const secrets = {
  INTERNAL_SECRET: "bench-internal-secret-0123456789abcdef",
  JWT_SECRET: "bench-jwt-secret-0123456789abcdef0123456",
  CONFIG_ENCRYPTION_KEY: "33".repeat(32),
  URL_SIGNING_SECRET: "bench-url-signing-secret-0123456789abcd",
  GATEWAY_ADMIN_TOKEN: "bench-admin-token-0123456789abcdef01234",
};

export type BenchStack = {
  upstream: Child;
  floor: Child;
  gateway: Child;
  server: Child;
  apiKey: string;
  tenantId: string;
  /** Reads the tenant's books (after stop(): every write is in). */
  books(): Promise<Books>;
  /** Stops every process (SIGTERM: profiles are written on the way out). */
  stop(): Promise<void>;
  /** Deletes the databases and files; after books(). */
  remove(): Promise<void>;
};

export type Books = {
  balance: number;
  ledgerSum: number;
  usageRows: number;
  usageCredits: number;
  distinctUsageRequests: number;
  openHolds: number;
  settledHolds: number;
  openingCredits: number;
};

/** One billed, non-streamed chat completion to the server of `stack`, as the bench's scripts send it. */
export function billedChat(stack: { server: { url: string }; apiKey: string }): Call {
  return {
    url: `${stack.server.url}/api/v1/chat/completions`,
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${stack.apiKey}` },
    body: JSON.stringify({ model: BENCH_MODEL, messages: [{ role: "user", content: "Say hello" }] }),
  };
}

/** What is wrong with the books after `answered` billed calls were answered: nothing when every call was billed once. */
export function booksProblems(books: Books, answered: number): string[] {
  return [
    books.balance !== books.ledgerSum && "balance != ledger sum",
    books.balance !== books.openingCredits - books.usageCredits && "balance != opening - usage credits",
    books.usageRows !== answered && `usage rows ${books.usageRows} != answered calls ${answered}`,
    books.distinctUsageRequests !== books.usageRows && "a request has more than one usage row",
    books.settledHolds !== books.usageRows && "settled holds != usage rows",
    books.openHolds !== 0 && `${books.openHolds} holds left open`,
  ].filter((problem): problem is string => typeof problem === "string");
}

export async function startBenchStack(options: {
  redisUrl?: string;
  cpuProfDir?: string;
  /** How the fake upstream writes a stream (upstream.ts): each event on its own (the default), or all in one write. */
  upstreamStream?: "events" | "one-write";
}): Promise<BenchStack> {
  const dir = await mkdtemp(join(tmpdir(), "waule-bench-http-"));
  const serverDbUrl = `file:${join(dir, "server.db")}`;
  // The tenant and the chat model are written before the server starts, as an operator would have done.
  const db = await openServerDb({ url: serverDbUrl });
  const { tenant, apiKey } = await createTenant(
    { db, clock: systemClock, ids: randomIds },
    { name: "Bench", credits: OPENING_CREDITS },
  );
  await db.insert(models).values({
    id: BENCH_MODEL,
    capability: "chat",
    provider: "openai",
    upstreamModel: "gpt-4o-mini",
    displayName: "Bench chat",
    priceUnit: "per_1k_tokens",
    price: 2,
    createdAt: new Date(),
  });
  db.$client.close();

  const started: Child[] = [];
  // Every process runs as the Fly apps deploy (fly.toml), the floor included: with their allocator setting, and
  // with the JS heap sized for their VMs' 512 MB ([[vm]] memory) instead of this host's RAM, as JavaScriptCore sizes
  // it from the machine's memory. BUN_JSC_forceRAMSize=0 sizes it for this host instead.
  const deployed = {
    MIMALLOC_PURGE_DELAY: process.env.MIMALLOC_PURGE_DELAY ?? "1000",
    BUN_JSC_forceRAMSize: process.env.BUN_JSC_forceRAMSize ?? String(512 * 1024 * 1024),
  };
  const start = async (name: string, entry: string, env: Record<string, string>, profiled = false) => {
    const child = await startChild(
      name,
      join(root, entry),
      { ...deployed, ...env },
      {
        cpuProfDir: profiled ? options.cpuProfDir : undefined,
      },
    );
    started.push(child);
    return child;
  };
  try {
    const upstream = await start("upstream", "bench/http/upstream.ts", {
      UPSTREAM_STREAM: options.upstreamStream ?? process.env.UPSTREAM_STREAM ?? "events",
    });
    const floor = await start("floor", "bench/http/passthrough.ts", { UPSTREAM_URL: upstream.url });
    const redis: Record<string, string> = options.redisUrl
      ? { REDIS_URL: options.redisUrl, REDIS_PREFIX: `bench:${crypto.randomUUID()}:` }
      : {};
    const gateway = await start(
      "gateway",
      "services/gateway/src/main.ts",
      {
        NODE_ENV: "development",
        PORT: "0",
        GATEWAY_DB_URL: `file:${join(dir, "gateway.db")}`,
        STORAGE_DIR: join(dir, "storage"),
        ...secrets,
        ...redis,
      },
      true,
    );
    const added = await fetch(`${gateway.url}/api/provider-keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${secrets.GATEWAY_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        provider: "openai",
        name: "bench",
        secret: "sk-bench-0000",
        baseUrl: `${upstream.url}/v1`,
      }),
    });
    if (added.status !== 201) throw new Error(`adding the provider key failed: ${added.status} ${await added.text()}`);
    const server = await start(
      "server",
      "services/server/src/main.ts",
      {
        NODE_ENV: "development",
        PORT: "0",
        SERVER_DB_URL: serverDbUrl,
        GATEWAY_URL: gateway.url,
        TENANT_RPM: "0",
        KEY_RPM: "0",
        ...secrets,
        ...redis,
      },
      true,
    );
    return {
      upstream,
      floor,
      gateway,
      server,
      apiKey,
      tenantId: tenant.id,
      async books() {
        const books = await openServerDb({ url: serverDbUrl });
        try {
          const one = async (sql: string) => (await books.$client.execute({ sql, args: [tenant.id] })).rows[0]!;
          const balance = await one("SELECT credits FROM tenants WHERE id = ?");
          const ledger = await one("SELECT COALESCE(SUM(amount), 0) AS s FROM credit_ledger WHERE tenant_id = ?");
          const usage = await one(
            "SELECT COUNT(*) AS n, COALESCE(SUM(credits), 0) AS c, COUNT(DISTINCT request_id) AS r FROM usage_records WHERE tenant_id = ?",
          );
          const holds = await one(
            "SELECT SUM(status = 'held') AS open, SUM(status = 'settled') AS settled FROM credit_holds WHERE tenant_id = ?",
          );
          return {
            balance: Number(balance.credits),
            ledgerSum: Number(ledger.s),
            usageRows: Number(usage.n),
            usageCredits: Number(usage.c),
            distinctUsageRequests: Number(usage.r),
            openHolds: Number(holds.open ?? 0),
            settledHolds: Number(holds.settled ?? 0),
            openingCredits: OPENING_CREDITS,
          };
        } finally {
          books.$client.close();
        }
      },
      async stop() {
        await Promise.all(started.map((c) => c.stop()));
      },
      async remove() {
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(started.map((c) => c.stop()));
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
