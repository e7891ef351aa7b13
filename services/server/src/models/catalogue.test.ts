import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openTempDb, type TempDb } from "../../test/support/temp-db";
import { listEnabledModels, requireModel, seedSandboxModels } from "./catalogue";

let t: TempDb;
beforeEach(async () => {
  t = await openTempDb();
});
afterEach(async () => {
  await t.close();
});

describe("model catalogue", () => {
  test("seeding is idempotent and keeps an operator's price edits", async () => {
    await t.db.$client.execute("UPDATE models SET price = 99 WHERE id = 'sandbox-image'");
    await seedSandboxModels(t.db, Date.now());
    const rows = await t.db.$client.execute("SELECT id, price FROM models ORDER BY id");
    expect(rows.rows.map((r) => [r.id, Number(r.price)])).toEqual([
      ["sandbox-chat", 1],
      ["sandbox-image", 99],
      ["sandbox-tts", 2],
      ["sandbox-video", 5],
    ]);
  });

  test("requireModel refuses unknown, disabled and wrong-capability models", async () => {
    expect((await requireModel(t.db, "sandbox-image", "image", "tnt_x")).price).toBe(10);
    await expect(requireModel(t.db, "nope", "image", "tnt_x")).rejects.toMatchObject({ code: "not_found" });
    await expect(requireModel(t.db, "sandbox-tts", "image", "tnt_x")).rejects.toMatchObject({
      code: "invalid_request",
    });
    await t.db.$client.execute("UPDATE models SET enabled = 0 WHERE id = 'sandbox-image'");
    await expect(requireModel(t.db, "sandbox-image", "image", "tnt_x")).rejects.toMatchObject({ code: "not_found" });
  });

  test("requireModel accepts only the catalogue's provider when a request names one", async () => {
    expect((await requireModel(t.db, "sandbox-image", "image", "tnt_x", "sandbox")).provider).toBe("sandbox");
    for (const provider of ["openai", "no-such-provider", "", "Sandbox"]) {
      await expect(requireModel(t.db, "sandbox-image", "image", "tnt_x", provider)).rejects.toMatchObject({
        code: "invalid_request",
        details: { field: "provider" },
      });
    }
    // An operator moving the model to another provider moves what a request may name with it.
    await t.db.$client.execute("UPDATE models SET provider = 'openai' WHERE id = 'sandbox-image'");
    expect((await requireModel(t.db, "sandbox-image", "image", "tnt_x", "openai")).provider).toBe("openai");
    await expect(requireModel(t.db, "sandbox-image", "image", "tnt_x", "sandbox")).rejects.toMatchObject({
      code: "invalid_request",
    });
  });

  test("a tenant with its own model list may call and see only those models", async () => {
    const now = Date.now();
    for (const id of ["tnt_a", "tnt_b"]) {
      await t.db.$client.execute({
        sql: "INSERT INTO tenants (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
        args: [id, id, now, now],
      });
    }
    await t.db.$client.execute({
      sql: "INSERT INTO tenant_models (tenant_id, model_id, created_at) VALUES ('tnt_a', 'sandbox-chat', ?)",
      args: [now],
    });
    await expect(requireModel(t.db, "sandbox-image", "image", "tnt_a")).rejects.toMatchObject({ code: "forbidden" });
    expect((await requireModel(t.db, "sandbox-chat", "chat", "tnt_a")).id).toBe("sandbox-chat");
    expect((await requireModel(t.db, "sandbox-image", "image", "tnt_b")).id).toBe("sandbox-image");
    expect((await listEnabledModels(t.db, "tnt_a")).map((m) => m.id)).toEqual(["sandbox-chat"]);
    expect((await listEnabledModels(t.db, "tnt_b")).length).toBe(4);
  });
});
