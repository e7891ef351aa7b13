// Reads the environment, builds the gateway's dependencies and serves it (port 9000 by default).
import { serveErrorFor } from "@waule/shared/http-errors";
import { buildGatewayDeps, createGatewayApp } from "./app";
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

const deps = await buildGatewayDeps(config);
const app = createGatewayApp(deps);
const server = Bun.serve({ port: config.port, fetch: app.fetch, error: serveErrorFor("gateway"), idleTimeout: 255 });
// Resumes polling every unfinished upstream task left by a previous process, then keeps polling.
deps.tasks?.start();
console.log(`[gateway] listening on ${server.url} (storage: ${config.storage.driver}, env: ${config.env})`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.stop();
    void deps.tasks?.stop();
    deps.db.$client.close();
    process.exit(0);
  });
}
