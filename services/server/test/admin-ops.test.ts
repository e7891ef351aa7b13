// ops/create-admin.ts as a real subprocess: the operator it makes (generated password printed once) can log in to /admin/api.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { type Stack, startStack } from "./support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

async function createAdminScript(...args: string[]) {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "..", "src", "ops", "create-admin.ts"), ...args], {
    cwd: join(import.meta.dir, ".."),
    env: { ...process.env, SERVER_DB_URL: stack.dbUrl },
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

const login = (username: string, password: string) =>
  stack.app.request("/admin/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });

const adminCount = async () => Number((await stack.db.$client.execute("SELECT COUNT(*) AS n FROM admins")).rows[0]?.n);

describe("create-admin.ts", () => {
  test("bad flags exit non-zero and create nothing", async () => {
    expect((await createAdminScript("--username", "root", "--role", "god")).code).toBe(2);
    const short = await createAdminScript("--username", "root", "--password", "short");
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("password");
    expect(await adminCount()).toBe(0);
  });

  test("a generated password is printed once and logs in; --if-none then creates no second operator", async () => {
    const made = await createAdminScript("--username", "root", "--role", "owner", "--if-none");
    expect(made.code).toBe(0);
    const password = /^\s*password:\s*(\S+)/m.exec(made.stdout)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(20);
    const res = await login("root", password!);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).admin).toMatchObject({ username: "root", role: "owner" });

    const again = await createAdminScript("--username", "other", "--if-none");
    expect(again.code).toBe(0);
    expect(await adminCount()).toBe(1);
    const taken = await createAdminScript("--username", "root", "--password", "another-password-1");
    expect(taken.code).toBe(1);
    const given = await createAdminScript("--username", "second", "--password", "second-password-1");
    expect(given.code).toBe(0);
    expect(given.stdout).not.toContain("second-password-1");
    expect((await login("second", "second-password-1")).status).toBe(200);
  });
});
