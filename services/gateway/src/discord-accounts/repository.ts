// Discord accounts the Midjourney proxy drives: sealed user tokens in, masked views out, concurrency per account.

import type { GatewayDb } from "@waule/db/connect";
import { type DiscordAccount, discordAccounts } from "@waule/db/gateway";
import { readPage } from "@waule/db/paging";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { seal, unseal } from "@waule/shared/sealing";
import { asc, count, desc, eq } from "drizzle-orm";
import { z } from "zod";

export type DiscordAccountView = Omit<DiscordAccount, "userToken">;

const snowflake = z.string().regex(/^\d{5,25}$/, "must be a Discord id (digits)");
export const concurrencyInput = z.object({
  coreSize: z.number().int().min(1).max(50),
  queueSize: z.number().int().min(0).max(500),
});
const accountFields = {
  guildId: snowflake,
  channelId: snowflake,
  userToken: z.string().trim().min(10).max(500),
  userAgent: z.string().max(500).optional(),
  remark: z.string().max(500).optional(),
  ...concurrencyInput.shape,
};
export const discordAccountInput = z.object({
  ...accountFields,
  coreSize: accountFields.coreSize.default(3),
  queueSize: accountFields.queueSize.default(10),
  enabled: z.boolean().default(true),
});
export type DiscordAccountInput = z.infer<typeof discordAccountInput>;
// No defaults: an omitted field keeps its stored value.
export const discordAccountPatch = z.object(accountFields).partial();

/** An enabled account with its token, for the Midjourney proxy wiring only. */
export type UsableDiscordAccount = DiscordAccountView & { userToken: string };

type Deps = { db: GatewayDb; clock: Clock; ids: Ids; encryptionKey: string };

function toView(row: DiscordAccount): DiscordAccountView {
  const { userToken: _token, ...view } = row;
  return view;
}

export function createDiscordAccounts({ db, clock, ids, encryptionKey }: Deps) {
  async function row(id: string): Promise<DiscordAccount> {
    const found = await db.query.discordAccounts.findFirst({ where: eq(discordAccounts.id, id) });
    if (!found) throw new AppError("not_found", `discord account ${id} not found`);
    return found;
  }

  async function update(id: string, set: Partial<DiscordAccount>): Promise<DiscordAccountView> {
    await row(id);
    const [updated] = await db
      .update(discordAccounts)
      .set({ ...set, updatedAt: new Date(clock.now()) })
      .where(eq(discordAccounts.id, id))
      .returning();
    return toView(updated!);
  }

  return {
    async list(q: { page: number; limit: number; order: "asc" | "desc" }) {
      const order = q.order === "asc" ? asc(discordAccounts.createdAt) : desc(discordAccounts.createdAt);
      return readPage(
        q,
        (limit, offset) =>
          db.select().from(discordAccounts).orderBy(order, asc(discordAccounts.id)).limit(limit).offset(offset),
        () => db.select({ n: count() }).from(discordAccounts),
        toView,
      );
    },

    async get(id: string) {
      return toView(await row(id));
    },

    async create(input: DiscordAccountInput): Promise<DiscordAccountView> {
      const now = new Date(clock.now());
      const [created] = await db
        .insert(discordAccounts)
        .values({
          id: ids.make("dacct"),
          ...input,
          userToken: await seal(encryptionKey, input.userToken),
          tokenHint: input.userToken.slice(-4),
          userAgent: input.userAgent ?? null,
          remark: input.remark ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return toView(created!);
    },

    async update(id: string, patch: z.infer<typeof discordAccountPatch>) {
      const { userToken, ...rest } = patch;
      const set: Partial<DiscordAccount> = { ...rest };
      if (userToken !== undefined)
        Object.assign(set, { userToken: await seal(encryptionKey, userToken), tokenHint: userToken.slice(-4) });
      return update(id, set);
    },

    setEnabled(id: string, enabled: boolean, reason?: string) {
      return update(
        id,
        enabled
          ? { enabled: true, disabledReason: null }
          : { enabled: false, disabledReason: reason ?? "disabled by operator" },
      );
    },

    setConcurrency(id: string, c: z.infer<typeof concurrencyInput>) {
      return update(id, c);
    },

    async remove(id: string): Promise<void> {
      const deleted = await db
        .delete(discordAccounts)
        .where(eq(discordAccounts.id, id))
        .returning({ id: discordAccounts.id });
      if (deleted.length === 0) throw new AppError("not_found", `discord account ${id} not found`);
    },

    async listUsable(): Promise<UsableDiscordAccount[]> {
      const rows = await db
        .select()
        .from(discordAccounts)
        .where(eq(discordAccounts.enabled, true))
        .orderBy(asc(discordAccounts.createdAt));
      return Promise.all(
        rows.map(async (r) => ({ ...toView(r), userToken: await unseal(encryptionKey, r.userToken) })),
      );
    },
  };
}

export type DiscordAccounts = ReturnType<typeof createDiscordAccounts>;
