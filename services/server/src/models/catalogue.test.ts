import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openTempDb, type TempDb } from "../../test/support/temp-db";
import { requireModel, seedSandboxModels } from "./catalogue";

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
    expect((await requireModel(t.db, "sandbox-image", "image")).price).toBe(10);
    await expect(requireModel(t.db, "nope", "image")).rejects.toMatchObject({ code: "not_found" });
    await expect(requireModel(t.db, "sandbox-tts", "image")).rejects.toMatchObject({ code: "invalid_request" });
    await t.db.$client.execute("UPDATE models SET enabled = 0 WHERE id = 'sandbox-image'");
    await expect(requireModel(t.db, "sandbox-image", "image")).rejects.toMatchObject({ code: "not_found" });
  });
});
