// `npm start`: runs gateway and server as children with prefixed logs, waits for health, serves the web app, prints where everything is.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type Child, startChild, stopChild } from "./dev/child";
import { ensureDemoTenant } from "./dev/demo-tenant";
import { waitForHealth } from "./dev/health";
import { ensureOperator } from "./dev/operator";
import { childEnvs, devPorts } from "./dev/ports";

const root = resolve(import.meta.dir, "..");
const bun = process.execPath;
const ports = devPorts(process.env);
const envs = childEnvs(process.env, ports);
const children: Child[] = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("[dev]      stopping…");
    await Promise.all(children.map((c) => stopChild(c)));
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));

function watch(child: Child): Child {
  children.push(child);
  void child.exited.then(async (code) => {
    // Ctrl+C reaches the children too (same process group); give our own signal handler the first word.
    await Bun.sleep(250);
    if (stopping) return;
    console.error(`[dev]      ${child.name} exited with code ${code}; stopping the rest`);
    void shutdown(code === 0 ? 1 : code);
  });
  return child;
}

/** The server may serve web/dist itself (webStatic from web/serve.ts); if it does not, `vite preview` serves it with an /api proxy. */
async function webUrl(serverUrl: string): Promise<string> {
  const res = await fetch(`${serverUrl}/`).catch(() => null);
  if (res?.ok && res.headers.get("content-type")?.includes("text/html")) return serverUrl;
  const preview = watch(
    startChild("web", [bun, "x", "vite", "preview", "--port", String(ports.web), "--strictPort"], {
      cwd: resolve(root, "web"),
      env: { ...process.env, WAULE_SERVER_URL: serverUrl },
    }),
  );
  const url = `http://localhost:${ports.web}`;
  await waitForHealth(`${url}/`, { timeoutMs: 30_000, exited: preview.exited });
  return url;
}

async function main(): Promise<void> {
  if (!existsSync(resolve(root, "web/dist/index.html")))
    console.warn(
      "[dev]      web/dist is missing: run `npm start` (it builds the web app) or `bun run --cwd web build`",
    );
  const freshDatabase = !process.env.SERVER_DB_URL && !existsSync(resolve(root, "data/server.db"));
  const gatewayUrl = `http://localhost:${ports.gateway}`;
  const serverUrl = `http://localhost:${ports.server}`;

  const gateway = watch(startChild("gateway", [bun, "services/gateway/src/main.ts"], { cwd: root, env: envs.gateway }));
  await waitForHealth(`${gatewayUrl}/health`, { timeoutMs: 60_000, exited: gateway.exited });
  const server = watch(startChild("server", [bun, "services/server/src/main.ts"], { cwd: root, env: envs.server }));
  await waitForHealth(`${serverUrl}/health`, { timeoutMs: 60_000, exited: server.exited });
  const web = await webUrl(serverUrl);

  const demo = await ensureDemoTenant({
    root,
    bun,
    fresh: freshDatabase,
    env: envs.server,
    serverUrl: `http://localhost:${ports.server}`,
  });
  const operator = await ensureOperator({ root, bun, env: envs.server, adminUrl: `${web}/admin` });
  console.log(
    [
      "",
      "  Waule is running",
      `    web app     ${web}/            (zh-CN by default; English in the header)`,
      `    admin       ${web}/admin       (operator console)`,
      `    tenant API  ${serverUrl}/api/v1`,
      `    gateway     ${gatewayUrl}      (internal; health at /health)`,
      "",
      ...demo,
      ...operator,
      "  Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
}

main().catch((err: unknown) => {
  console.error(`[dev]      ${err instanceof Error ? err.message : String(err)}`);
  void shutdown(1);
});
