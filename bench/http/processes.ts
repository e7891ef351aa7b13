// Child processes of the HTTP benchmark: start one `bun` entry, learn its port from its "listening on" line,
// read its CPU time and memory from /proc, and stop it with SIGTERM (a clean exit writes a --cpu-prof profile).
import { readFileSync } from "node:fs";

export type Child = {
  name: string;
  pid: number;
  url: string;
  /** utime + stime of the process so far, in microseconds. */
  cpuMicros(): number;
  /** Resident memory now, in MB. */
  rssMb(): number;
  stop(): Promise<void>;
};

/** Linux counts process CPU in clock ticks of 1/CLK_TCK s; 100 on every common kernel build. */
const TICKS_PER_SECOND = Number(Bun.spawnSync(["getconf", "CLK_TCK"]).stdout.toString().trim()) || 100;

export function cpuMicrosOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / TICKS_PER_SECOND;
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export async function startChild(
  name: string,
  entry: string,
  env: Record<string, string>,
  options: { cpuProfDir?: string } = {},
): Promise<Child> {
  const args = options.cpuProfDir
    ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const proc = Bun.spawn(["bun", ...args, entry], {
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (!url) {
    if (Date.now() > deadline) throw new Error(`${name} did not start within 30 s:\n${seen}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`${name} exited before listening (code ${await proc.exited}):\n${seen}`);
    seen += decoder.decode(value, { stream: true });
    const match = /listening on (https?:\/\/[^\s/]+)/.exec(seen);
    if (match?.[1]) url = match[1].replace("localhost", "127.0.0.1").replace(/\/$/, "");
  }
  // Keep draining its output so a chatty child never blocks on a full pipe.
  void (async () => {
    for (;;) if ((await reader.read()).done) return;
  })().catch(() => undefined);
  return {
    name,
    pid: proc.pid,
    url,
    cpuMicros: () => cpuMicrosOf(proc.pid),
    rssMb: () => rssMbOf(proc.pid),
    async stop() {
      proc.kill("SIGTERM");
      const exited = await Promise.race([proc.exited, Bun.sleep(10_000).then(() => null)]);
      if (exited === null) proc.kill("SIGKILL");
    },
  };
}
