// Reads the environment, builds the gateway's dependencies and serves it (port 9000 by default).
import { serveErrorFor } from "@waule/shared/http-errors";
import { timeOrderedIds } from "@waule/shared/time-ordered-ids";
import { buildGatewayDeps, createGatewayApp } from "./app";
import { deferredWrites } from "./calls/deferred-writes";
import { ConfigError, type GatewayConfig, loadGatewayConfig } from "./config";

let config: GatewayConfig;
try {
  config = loadGatewayConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`[gateway] ${err.message}`);
    process.exit(1);
  }
  throw err;
}

// Time-ordered ids: the request-log rows of one commit share index pages (shared/src/time-ordered-ids.ts).
const deps = await buildGatewayDeps(config, { ids: timeOrderedIds() });
const app = createGatewayApp(deps);
const server = Bun.serve({ port: config.port, fetch: app.fetch, error: serveErrorFor("gateway"), idleTimeout: 255 });
// Resumes polling every unfinished upstream task left by a previous process, then keeps polling.
deps.tasks?.start();
console.log(`[gateway] listening on ${server.url} (storage: ${config.storage.driver}, env: ${config.env})`);

// A clean exit on SIGTERM/SIGINT: open requests finish, the task poller stops, the queued bookkeeping (request-log
// rows, key use: calls/deferred-writes.ts) is committed, the database closes (and `bun --cpu-prof` writes its profile).
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      // Bounded: a stuck request must not keep the process from exiting.
      await Promise.race([server.stop(), Bun.sleep(10_000).then(() => server.stop(true))]);
      await deps.tasks?.stop();
      await deferredWrites(deps.db).flush();
      deps.db.$client.close();
      process.exit(0);
    })().catch((err: unknown) => {
      console.error("[gateway] shutdown failed", err);
      process.exit(1);
    });
  });
}
