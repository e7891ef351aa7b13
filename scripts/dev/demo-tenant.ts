// First start only: creates a demo tenant (and its login) through the server's ops script, so the web app can be tried at once.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const OPS_SCRIPT = "services/server/src/ops/create-tenant.ts";
const NOTE_FILE = "data/demo-tenant.txt";

export type DemoTenantInput = { root: string; bun: string; fresh: boolean; env: Record<string, string | undefined> };

function hint(): string[] {
  return [
    "  Create a tenant with the ops script:",
    `    bun ${OPS_SCRIPT} --name demo --credits 1000`,
  ];
}

/** Returns the lines to print: the saved demo credentials, a newly created demo tenant, or how to make one. */
export async function ensureDemoTenant(input: DemoTenantInput): Promise<string[]> {
  const note = resolve(input.root, NOTE_FILE);
  if (!input.fresh) {
    return existsSync(note) ? ["  Demo tenant (created on first start, saved in data/demo-tenant.txt):", ...readFileSync(note, "utf8").trimEnd().split("\n").map((l) => `    ${l}`), ""] : [...hint(), ""];
  }
  if (!existsSync(resolve(input.root, OPS_SCRIPT))) return [...hint(), "  (the ops script is not in this checkout yet)", ""];

  const password = `demo-${crypto.randomUUID().slice(0, 8)}`;
  const proc = Bun.spawn([input.bun, OPS_SCRIPT, "--name", "demo", "--credits", "1000", "--username", "demo", "--password", password], {
    cwd: input.root,
    env: input.env,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) return ["  Could not create the demo tenant:", ...`${err}${out}`.trimEnd().split("\n").map((l) => `    ${l}`), ...hint(), ""];

  const saved = `${out.trimEnd()}\nlogin: username demo, password ${password}\n`;
  mkdirSync(dirname(note), { recursive: true });
  writeFileSync(note, saved, { mode: 0o600 });
  return ["  Demo tenant created (saved in data/demo-tenant.txt):", ...saved.trimEnd().split("\n").map((l) => `    ${l}`), ""];
}
