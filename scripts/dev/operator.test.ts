import { expect, test } from "bun:test";
import { parseCreatedOperator } from "./operator";

test("reads the username and generated password from create-admin.ts's report", () => {
  const report = `operator created
  id:       adm_1
  username: admin
  role:     owner
  password: Zq3x-random_Password1
The generated password is shown only this once; store it now.`;
  expect(parseCreatedOperator(report)).toEqual({ username: "admin", password: "Zq3x-random_Password1" });
});

test("gives null when an operator existed and nothing was created", () => {
  expect(parseCreatedOperator("an operator already exists; nothing created\n")).toBeNull();
});

test("first start creates one operator with a random password and saves it; later starts only print the saved login", async () => {
  const { mkdtemp, rm, symlink, readFile, stat } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join, resolve } = await import("node:path");
  const { ensureOperator } = await import("./operator");
  // A stand-in repo root: the real services (so create-admin.ts runs), its own data/ for the note and the database.
  const root = await mkdtemp(join(tmpdir(), "waule-dev-operator-"));
  try {
    await symlink(resolve(import.meta.dir, "..", "..", "services"), join(root, "services"));
    const env = { ...process.env, SERVER_DB_URL: `file:${join(root, "data", "server.db")}` };
    const input = { root, bun: process.execPath, env, adminUrl: "http://localhost:3000/admin" };
    const first = (await ensureOperator(input)).join("\n");
    const password = /password:\s*(\S+)/.exec(first)?.[1] ?? "";
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(password).not.toBe("admin");
    const note = await readFile(join(root, "data", "operator.txt"), "utf8");
    expect(note).toContain(`password: ${password}`);
    expect((await stat(join(root, "data", "operator.txt"))).mode & 0o077).toBe(0);
    const second = (await ensureOperator(input)).join("\n");
    expect(second).toContain(password);
    const { openServerDb } = await import("../../db/src/connect");
    const db = await openServerDb({ url: env.SERVER_DB_URL });
    const rows = await db.$client.execute("SELECT username, role, password_hash FROM admins");
    db.$client.close();
    expect(rows.rows.map((r) => [r.username, r.role])).toEqual([["admin", "owner"]]);
    expect(await Bun.password.verify(password, String(rows.rows[0]?.password_hash))).toBe(true);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}, 30_000);
