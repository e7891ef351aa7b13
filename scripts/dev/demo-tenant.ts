// First start only: creates a demo tenant and its login through the server's ops scripts, so the web app can be tried at once.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const CREATE_TENANT = "services/server/src/ops/create-tenant.ts";
const ADD_USER = "services/server/src/ops/add-user.ts";
const NOTE_FILE = "data/demo-tenant.txt";

export type DemoTenantInput = {
  root: string;
  bun: string;
  fresh: boolean;
  env: Record<string, string | undefined>;
  serverUrl: string;
};

/** Reads the tenant id and API key from create-tenant.ts's report ("id: …", "API key: …"). */
export function parseCreatedTenant(output: string): { tenantId: string; apiKey: string } | null {
  const tenantId = /^\s*id:\s*(\S+)/m.exec(output)?.[1];
  const apiKey = /^\s*API key:\s*(\S+)/m.exec(output)?.[1];
  return tenantId && apiKey ? { tenantId, apiKey } : null;
}

function hint(): string[] {
  return [
    "  Create a tenant and a login with the ops scripts:",
    `    bun ${CREATE_TENANT} --name demo --credits 1000`,
    `    bun ${ADD_USER} --tenant <id printed above> --username demo --password <8+ characters>`,
  ];
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => `    ${l}`);

async function runOps(input: DemoTenantInput, args: string[]): Promise<{ code: number; out: string }> {
  const proc = Bun.spawn([input.bun, ...args], {
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
  return { code, out: code === 0 ? out : `${err}${out}` };
}

/** Returns the lines to print: the saved demo credentials, a newly created demo tenant, or how to make one. */
export async function ensureDemoTenant(input: DemoTenantInput): Promise<string[]> {
  const note = resolve(input.root, NOTE_FILE);
  if (!input.fresh) {
    if (!existsSync(note)) return [...hint(), ""];
    return [
      `  Demo tenant (created on first start; saved in ${NOTE_FILE}):`,
      ...indent(readFileSync(note, "utf8")),
      "",
    ];
  }
  if (!existsSync(resolve(input.root, CREATE_TENANT)) || !existsSync(resolve(input.root, ADD_USER))) {
    return [...hint(), "  (the ops scripts are not in this checkout)", ""];
  }

  const tenant = await runOps(input, [CREATE_TENANT, "--name", "Demo", "--credits", "1000"]);
  const created = tenant.code === 0 ? parseCreatedTenant(tenant.out) : null;
  if (!created) return ["  Could not create the demo tenant:", ...indent(tenant.out), ...hint(), ""];
  const password = `demo-${crypto.randomUUID().slice(0, 12)}`;
  const user = await runOps(input, [
    ADD_USER,
    "--tenant",
    created.tenantId,
    "--username",
    "demo",
    "--password",
    password,
  ]);
  if (user.code !== 0) return ["  Created the demo tenant but not its user:", ...indent(user.out), ""];

  const saved = [
    `tenant:   ${created.tenantId} (created with 1000 credits)`,
    `API key:  ${created.apiKey}`,
    `web login: API key above, username demo, password ${password}`,
    `try:      curl -s ${input.serverUrl}/api/v1/me -H "Authorization: Bearer ${created.apiKey}"`,
  ].join("\n");
  mkdirSync(dirname(note), { recursive: true });
  writeFileSync(note, `${saved}\n`, { mode: 0o600 });
  return [`  Demo tenant created (saved in ${NOTE_FILE}; delete data/ to start over):`, ...indent(saved), ""];
}
