// One service started by `npm start`: a Bun child process whose output is line-prefixed onto ours.
import type { Subprocess } from "bun";
import { createLinePrefixer } from "./line-prefixer";

export type Child = { name: string; proc: Subprocess; exited: Promise<number> };

async function pipeLines(stream: ReadableStream<Uint8Array>, prefix: string, out: NodeJS.WriteStream): Promise<void> {
  const prefixer = createLinePrefixer(prefix);
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    for (const line of prefixer.push(decoder.decode(chunk, { stream: true }))) out.write(`${line}\n`);
  }
  for (const line of prefixer.flush()) out.write(`${line}\n`);
}

export function startChild(
  name: string,
  cmd: string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): Child {
  const proc = Bun.spawn(cmd, { cwd: options.cwd, env: options.env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const prefix = `[${name}]`.padEnd(10);
  void pipeLines(proc.stdout, prefix, process.stdout);
  void pipeLines(proc.stderr, prefix, process.stderr);
  return { name, proc, exited: proc.exited };
}

/** Asks politely (SIGTERM), then insists after `graceMs` so a stuck child cannot hold the terminal. */
export async function stopChild(child: Child, graceMs = 5000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill("SIGTERM");
  const timer = setTimeout(() => child.proc.kill("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
}
