import { afterEach, describe, expect, test } from "bun:test";
import { discordAccounts } from "@waule/db/gateway";
import { createDiscordAccounts } from "../discord-accounts/repository";
import { testEncryptionKey } from "../keys/temp-db";
import { managementTestApp } from "./test-app";

let t: Awaited<ReturnType<typeof managementTestApp>>;
afterEach(async () => t.close());

const TOKEN = "MTA5discord.user.token-very-private-Zx9p";
const account = {
  guildId: "112233445566778899",
  channelId: "998877665544332211",
  userToken: TOKEN,
  remark: "main account",
};

describe("/discord-accounts", () => {
  test("CRUD, enable/disable and concurrency round-trip; the user token is sealed and never answered", async () => {
    t = await managementTestApp();
    const bodies: string[] = [];
    const json = async (res: Response, status: number) => {
      expect(res.status).toBe(status);
      const text = await res.text();
      bodies.push(text);
      return JSON.parse(text);
    };
    const created = await json(await t.call("POST", "/discord-accounts", account), 201);
    expect(created).toMatchObject({
      guildId: account.guildId,
      tokenHint: "Zx9p",
      coreSize: 3,
      queueSize: 10,
      enabled: true,
      remark: "main account",
    });
    const id = created.id as string;

    expect(
      await json(await t.call("PUT", `/discord-accounts/${id}/concurrency`, { coreSize: 5, queueSize: 20 }), 200),
    ).toMatchObject({ coreSize: 5, queueSize: 20 });
    expect(await json(await t.call("PATCH", `/discord-accounts/${id}`, { remark: "renamed" }), 200)).toMatchObject({
      remark: "renamed",
      coreSize: 5,
      queueSize: 20,
    });
    expect(await json(await t.call("POST", `/discord-accounts/${id}/disable`), 200)).toMatchObject({
      enabled: false,
      disabledReason: "disabled by operator",
    });

    const repo = createDiscordAccounts({
      db: t.env.db,
      clock: t.clock,
      ids: t.deps.ids,
      encryptionKey: testEncryptionKey,
    });
    expect(await repo.listUsable()).toEqual([]);
    expect(await json(await t.call("POST", `/discord-accounts/${id}/enable`), 200)).toMatchObject({
      enabled: true,
      disabledReason: null,
    });
    const usable = await repo.listUsable();
    expect(usable.map((a) => [a.id, a.userToken, a.coreSize])).toEqual([[id, TOKEN, 5]]);

    const list = await json(await t.call("GET", "/discord-accounts?limit=5"), 200);
    expect(list).toMatchObject({ total: 1, limit: 5 });
    expect((await t.call("DELETE", `/discord-accounts/${id}`)).status).toBe(204);
    expect((await t.call("GET", `/discord-accounts/${id}`)).status).toBe(404);

    for (const body of bodies) expect(body).not.toContain("very-private");
  });

  test("rejects bad ids and concurrency with 400 and writes nothing", async () => {
    t = await managementTestApp();
    for (const body of [
      { ...account, guildId: "abc" },
      { ...account, coreSize: 0 },
      { ...account, userToken: "short" },
    ]) {
      expect((await t.call("POST", "/discord-accounts", body)).status).toBe(400);
    }
    expect(await t.env.db.select().from(discordAccounts)).toHaveLength(0);
    const { id } = (await (await t.call("POST", "/discord-accounts", account)).json()) as { id: string };
    expect((await t.call("PUT", `/discord-accounts/${id}/concurrency`, { coreSize: 2 })).status).toBe(400);
    const raw = await t.env.db.$client.execute("select * from discord_accounts");
    expect(JSON.stringify(raw.rows)).not.toContain("very-private");
    expect(raw.rows[0]!.core_size).toBe(3);
  });
});
