// System calls per billed chat, server and gateway, counted by `strace -c` over one run of calls: how many WAL
// writes (pwrite64), fsyncs, lock calls (fcntl) and socket calls each call costs. Counts, unlike times, hardly move
// with this host's load, so two builds compare across separate runs (run it in a worktree of the other one).
//   bun bench/http/syscalls.ts [--calls=N] [--c=N]      (needs strace; c=1 by default: one call at a time)
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flag } from "./cli";
import { burst, sequential } from "./load";
import { billedChat, booksProblems, startBenchStack } from "./stack";

const calls = flag("calls", 1000);
const connections = flag("c", 1);
const shown = ["pwrite64", "fsync", "fdatasync", "fcntl", "pread64", "sendto", "recvfrom", "write", "madvise", "futex"];

if (Bun.spawnSync(["strace", "-V"], { stdout: "ignore", stderr: "ignore" }).exitCode !== 0)
  throw new Error("strace is not installed (Debian: apt-get install strace)");

const stack = await startBenchStack({});
const dir = await mkdtemp(join(tmpdir(), "waule-syscalls-"));
let answered = 0;
try {
  const call = billedChat(stack);
  // Warm: the JIT and the databases past their first pages, as in a running service.
  const warm = await burst(call, 50, 3000);
  const counted = { server: stack.server.pid, gateway: stack.gateway.pid };
  const tracers = Object.entries(counted).map(([name, pid]) =>
    Bun.spawn(["strace", "-f", "-c", "-o", join(dir, name), "-p", String(pid)], { stdout: "ignore", stderr: "ignore" }),
  );
  await Bun.sleep(500); // attached before the first counted call
  const run = connections === 1 ? await sequential(call, calls) : await burst(call, connections, calls);
  for (const tracer of tracers) tracer.kill("SIGINT");
  await Promise.all(tracers.map((t) => t.exited));
  if (run.failed > 0) throw new Error(`${run.failed} of ${calls} calls failed`);

  console.log(`system calls per billed chat (${calls} calls, c=${connections}):`);
  console.log(`${"".padEnd(10)}${shown.map((s) => s.padStart(10)).join("")}`);
  for (const name of Object.keys(counted)) {
    // strace -c: "% time  seconds  usecs/call  calls  [errors]  syscall"; the count is the 4th column.
    const perCall = new Map<string, number>();
    for (const line of (await readFile(join(dir, name), "utf8")).split("\n")) {
      const cols = line.trim().split(/\s+/);
      const syscall = cols.at(-1);
      if (cols.length >= 5 && syscall && /^\d/.test(cols[0]!)) perCall.set(syscall, Number(cols[3]) / calls);
    }
    console.log(`${name.padEnd(10)}${shown.map((s) => (perCall.get(s) ?? 0).toFixed(2).padStart(10)).join("")}`);
  }
  answered = warm.ok + run.ok;
} finally {
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
}
const books = await stack.books();
await stack.remove();
const problems = booksProblems(books, answered);
console.log(`books: ${answered} billed calls, ${problems.length ? problems.join("; ") : "billed exactly"}`);
if (problems.length) throw new Error(`the books do not balance: ${problems.join("; ")}`);
