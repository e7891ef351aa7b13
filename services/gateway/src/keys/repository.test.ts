import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { providerKeys } from "@waule/db/gateway";
import { manualClock, sequentialIds } from "@waule/shared/clock";
import { createKeyRepository } from "./repository";
import { openTempGatewayDb, testEncryptionKey } from "./temp-db";

let env: Awaited<ReturnType<typeof openTempGatewayDb>>;
beforeEach(async () => {
  env = await openTempGatewayDb();
});
afterEach(async () => env.close());

describe("key repository", () => {
  test("stores the secret sealed and returns only its last four characters", async () => {
    const repo = createKeyRepository({
      db: env.db,
      clock: manualClock(1),
      ids: sequentialIds("pk_"),
      encryptionKey: testEncryptionKey,
    });
    const view = await repo.create({ provider: "gemini", name: "main", secret: "AIzaSy-very-secret-9f3k" });
    expect(view).not.toHaveProperty("secret");
    expect(view.hint).toBe("9f3k");
    expect(JSON.stringify(view)).not.toContain("very-secret");

    const raw = await env.db.$client.execute("select * from provider_keys");
    expect(JSON.stringify(raw.rows)).not.toContain("very-secret");
    const [row] = await env.db.select().from(providerKeys);
    expect(row!.secret.startsWith("v1.")).toBe(true);
    expect((await repo.reveal(view.id)).secret).toBe("AIzaSy-very-secret-9f3k");
  });

  test("rotating the secret reseals it and clears the old key's strikes", async () => {
    const repo = createKeyRepository({
      db: env.db,
      clock: manualClock(1),
      ids: sequentialIds("pk_"),
      encryptionKey: testEncryptionKey,
    });
    const view = await repo.create({ provider: "gemini", name: "main", secret: "old-secret-aaaa" });
    await env.db.update(providerKeys).set({ consecutiveFailures: 3, cooldownUntil: new Date(99) });
    const rotated = await repo.update(view.id, { secret: "new-secret-bbbb" });
    expect([rotated.hint, rotated.consecutiveFailures, rotated.cooldownUntil]).toEqual(["bbbb", 0, null]);
    expect((await repo.reveal(view.id)).secret).toBe("new-secret-bbbb");
  });
});
