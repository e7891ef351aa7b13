// The one-hop floor: a bare Hono app on Bun that forwards chat calls to the upstream as they are, with no auth,
// billing or database, and answers a small GET itself (the floor of `GET /api/v1/me`). Run as its own process.
import { Hono } from "hono";

const upstream = process.env.UPSTREAM_URL;
if (!upstream) throw new Error("UPSTREAM_URL is required");

const app = new Hono();
app.get("/health", (c) => c.json({ ok: true }));
app.get("/v1/me", (c) => c.json({ tenant: { id: "tnt_floor", name: "floor", credits: 1 } }));
app.post("/v1/chat/completions", async (c) => {
  const answer = await fetch(`${upstream}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: c.req.header("authorization") ?? "" },
    body: await c.req.text(),
  });
  return new Response(answer.body, {
    status: answer.status,
    headers: { "content-type": answer.headers.get("content-type") ?? "application/json" },
  });
});

const server = Bun.serve({ hostname: "127.0.0.1", port: Number(process.env.PORT ?? 0), fetch: app.fetch });
console.log(`[passthrough] listening on http://127.0.0.1:${server.port}`);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    server.stop(true);
    process.exit(0);
  });
