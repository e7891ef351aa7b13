// scripts/test-services.sh: the tests' services are there, or the run stops at once with one line naming what is not.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";

const script = join(import.meta.dir, "test-services.sh");

async function run(env: Record<string, string>) {
  const proc = Bun.spawn(["bash", script], {
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

/** A port nothing listens on: bound by the OS, then let go. */
function closedPort(): number {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

describe("test-services.sh", () => {
  test("with Redis and Chromium missing and nothing it may install, it stops with one line naming both", async () => {
    const port = closedPort();
    const out = await run({
      WAULE_PROVIDE: "0",
      WAULE_REDIS_PORT: String(port),
      WAULE_CHROMIUM: "/nonexistent/chromium",
    });
    expect(out.code).toBe(1);
    const lines = out.stderr.trim().split("\n");
    expect(lines.length).toBe(1);
    expect(lines[0]).toContain(`Redis answering on 127.0.0.1:${port}`);
    expect(lines[0]).toContain("Chromium at /nonexistent/chromium");
  });

  test("with both there it says so and succeeds", async () => {
    const out = await run({ WAULE_PROVIDE: "0" });
    expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: "" });
    expect(out.stdout).toContain("redis answering on 127.0.0.1:6379");
  });
});
