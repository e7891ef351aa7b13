// Until an operator exists: creates one through create-admin.ts with a random password, printed once and saved in data/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const CREATE_ADMIN = "services/server/src/ops/create-admin.ts";
const NOTE_FILE = "data/operator.txt";

export type OperatorInput = { root: string; bun: string; env: Record<string, string | undefined>; adminUrl: string };

/** Reads username and password from create-admin.ts's report; null when it created nobody. */
export function parseCreatedOperator(output: string): { username: string; password: string } | null {
  const username = /^\s*username:\s*(\S+)/m.exec(output)?.[1];
  const password = /^\s*password:\s*(\S+)/m.exec(output)?.[1];
  return username && password ? { username, password } : null;
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => `    ${l}`);

/** The lines to print: the saved operator login, a newly created one, or how to make one. */
export async function ensureOperator(input: OperatorInput): Promise<string[]> {
  const note = resolve(input.root, NOTE_FILE);
  if (existsSync(note))
    return [`  Operator console login (saved in ${NOTE_FILE}):`, ...indent(readFileSync(note, "utf8")), ""];
  const hint = [`  Create an operator: bun ${CREATE_ADMIN} --username admin --role owner`, ""];
  if (!existsSync(resolve(input.root, CREATE_ADMIN))) return hint;
  // --if-none: a database that already has operators (e.g. made by hand) is left alone.
  const proc = Bun.spawn([input.bun, CREATE_ADMIN, "--username", "admin", "--role", "owner", "--if-none"], {
    cwd: input.root,
    env: input.env,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) return ["  Could not create an operator:", ...indent(err + out), ...hint];
  const created = parseCreatedOperator(out);
  if (!created) return [`  Operators exist already; sign in at ${input.adminUrl}`, ""];
  const saved = [`console:  ${input.adminUrl}`, `username: ${created.username}`, `password: ${created.password}`].join(
    "\n",
  );
  mkdirSync(dirname(note), { recursive: true });
  writeFileSync(note, `${saved}\n`, { mode: 0o600 });
  return [
    `  Operator created (saved in ${NOTE_FILE}; the password is random and shown here once):`,
    ...indent(saved),
    "",
  ];
}
