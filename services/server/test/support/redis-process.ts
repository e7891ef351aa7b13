// A redis-server of the test's own on a free port, without persistence, that the test can kill and start again.
import { type Subprocess, spawn } from "bun";
import Redis from "ioredis";

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

export async function startRedisProcess() {
  const port = freePort();
  let child: Subprocess | null = null;

  async function start(): Promise<void> {
    child = spawn(["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdout: "ignore",
      stderr: "ignore",
    });
    const probe = new Redis({
      port,
      host: "127.0.0.1",
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on("error", () => {});
    // Ready when it answers PING; the loop ends with it or when the process has exited.
    for (let i = 0; i < 200; i++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        if (child.exitCode !== null) break;
        await Bun.sleep(25);
      }
    }
    throw new Error(`redis-server on port ${port} did not start`);
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    /** Like a crash: SIGKILL, and every key is gone (no persistence). */
    async kill(): Promise<void> {
      child?.kill("SIGKILL");
      await child?.exited;
      child = null;
    },
    start,
    async stop(): Promise<void> {
      child?.kill("SIGKILL");
      await child?.exited;
    },
  };
}
