// Starts the server: reads the environment, opens the database, seeds the catalogue, serves the app.
import { openServerDb } from "@waule/db/connect";
import { systemClock } from "@waule/shared/clock";
import { serveErrorFor } from "@waule/shared/http-errors";
import { createServerApp } from "./app";
import { buildServerDeps } from "./build-deps";
import { loadServerConfig, SERVER_IDLE_TIMEOUT_SECONDS } from "./config";
import { createGatewayClient } from "./gateway-client/client";
import { timeOrderedIds } from "./ids";
import { seedMidjourneyModel } from "./midjourney";
import { seedSandboxModels } from "./models/catalogue";
import { createOrderSweeper } from "./orders";
import { openConfiguredRedis } from "./redis/connections";
import { createTaskRunner } from "./tasks";
import { withWebApp } from "./web/web-app";
import { createWebhookDispatcher, webhookDeliveryGuard } from "./webhooks";

const config = loadServerConfig(process.env);
const db = await openServerDb({ url: config.SERVER_DB_URL, authToken: config.SERVER_DB_AUTH_TOKEN });
await seedSandboxModels(db, systemClock.now());
await seedMidjourneyModel(db, systemClock.now());
const gateway = createGatewayClient({
  baseUrl: config.GATEWAY_URL,
  secret: config.INTERNAL_SECRET,
  timeoutMs: config.GATEWAY_TIMEOUT_MS,
  clock: systemClock,
});
// Without REDIS_URL this instance keeps limits and task events to itself (fine for one instance).
const redis = await openConfiguredRedis(config);
// Time-ordered ids keep the rows a group commit writes on few index pages (ids.ts).
const deps = buildServerDeps({ db, gateway, clock: systemClock, ids: timeOrderedIds(), config }, redis);
const app = createServerApp(deps);
// The runner shares the app's event bus, so SSE streams see what it publishes; its first pass resumes every unfinished task.
const webhooks = createWebhookDispatcher({
  db,
  clock: systemClock,
  encryptionKey: config.CONFIG_ENCRYPTION_KEY,
  fetch,
  guardUrl: webhookDeliveryGuard(config),
});
const runner = createTaskRunner(deps, { webhooks });
runner.start();
// Keeps the holds and Idempotency-Keys of this process's running calls alive; they lapse soon after it dies.
deps.lease.start();
// Unpaid orders are reconciled with their provider and expired; every instance may sweep, the updates are conditional.
const orderSweeper = createOrderSweeper(deps);
orderSweeper.start();

// The built web app (web/dist, made by `npm start`) is served from the same origin; without a build only the API answers.
const server = Bun.serve({
  port: config.PORT,
  fetch: withWebApp(app).fetch,
  error: serveErrorFor("server"),
  idleTimeout: SERVER_IDLE_TIMEOUT_SECONDS,
});
console.log(
  `[server] listening on http://localhost:${server.port} (gateway ${config.GATEWAY_URL}, limits ${redis ? "in Redis" : "in-process"})`,
);

// A clean exit on SIGTERM/SIGINT: open requests finish, the runner stops between passes, connections close
// (and `bun --cpu-prof` gets to write its profile, which only happens when the process exits normally).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void (async () => {
      await server.stop();
      await runner.stop();
      orderSweeper.stop();
      deps.lease.stop();
      await redis?.close();
      db.$client.close();
      process.exit(0);
    })();
  });
}
