import { afterEach, expect, test } from "bun:test";
import { waitForHealth } from "./health";

let server: ReturnType<typeof Bun.serve> | undefined;
afterEach(() => server?.stop(true));

test("returns once the service answers 2xx after some failures", async () => {
  let calls = 0;
  server = Bun.serve({ port: 0, fetch: () => new Response(null, { status: ++calls < 3 ? 503 : 200 }) });
  await waitForHealth(`http://127.0.0.1:${server.port}/health`, { timeoutMs: 10_000, intervalMs: 10 });
  expect(calls).toBe(3);
});

test("fails with the last error when the deadline passes", async () => {
  server = Bun.serve({ port: 0, fetch: () => new Response(null, { status: 500 }) });
  const error = await waitForHealth(`http://127.0.0.1:${server.port}/health`, { timeoutMs: 50, intervalMs: 10 }).catch(
    (e: Error) => e,
  );
  expect(String(error)).toContain("HTTP 500");
});

test("fails as soon as the process has exited", async () => {
  const error = await waitForHealth("http://127.0.0.1:1/health", {
    timeoutMs: 60_000,
    exited: Promise.resolve(1),
    intervalMs: 10,
  }).catch((e: Error) => e);
  expect(String(error)).toContain("exited before it became healthy");
});
