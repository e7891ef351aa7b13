// Provider keys at rest: sealed secrets in, masked views out; only the pool and test-calls ever unseal.

import type { GatewayDb } from "@waule/db/connect";
import { type ProviderKey, providerKeys } from "@waule/db/gateway";
import { readPage } from "@waule/db/paging";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { seal, unseal } from "@waule/shared/sealing";
import { asc, count, desc, eq } from "drizzle-orm";

/** What any API may show of a key: everything but the secret. */
export type ProviderKeyView = Omit<ProviderKey, "secret">;

export type NewProviderKey = {
  provider: string;
  name: string;
  secret: string;
  baseUrl?: string | null;
  weight?: number;
  enabled?: boolean;
};
export type ProviderKeyPatch = Partial<Omit<NewProviderKey, "provider" | "enabled">>;

export type KeyRepositoryDeps = { db: GatewayDb; clock: Clock; ids: Ids; encryptionKey: string };

export function toView(row: ProviderKey): ProviderKeyView {
  const { secret: _secret, ...view } = row;
  return view;
}

export function hintOf(secret: string): string {
  return secret.slice(-4);
}

export function createKeyRepository({ db, clock, ids, encryptionKey }: KeyRepositoryDeps) {
  async function row(id: string): Promise<ProviderKey> {
    const found = await db.query.providerKeys.findFirst({ where: eq(providerKeys.id, id) });
    if (!found) throw new AppError("not_found", `provider key ${id} not found`);
    return found;
  }

  return {
    async list(q: { provider?: string; page: number; limit: number; order: "asc" | "desc" }) {
      const where = q.provider ? eq(providerKeys.provider, q.provider) : undefined;
      const order = q.order === "asc" ? asc(providerKeys.createdAt) : desc(providerKeys.createdAt);
      return readPage(
        q,
        (limit, offset) =>
          db.select().from(providerKeys).where(where).orderBy(order, asc(providerKeys.id)).limit(limit).offset(offset),
        () => db.select({ n: count() }).from(providerKeys).where(where),
        toView,
      );
    },

    async get(id: string): Promise<ProviderKeyView> {
      return toView(await row(id));
    },

    async create(input: NewProviderKey): Promise<ProviderKeyView> {
      const now = new Date(clock.now());
      const [created] = await db
        .insert(providerKeys)
        .values({
          id: ids.make("pk"),
          provider: input.provider,
          name: input.name,
          secret: await seal(encryptionKey, input.secret),
          hint: hintOf(input.secret),
          baseUrl: input.baseUrl ?? null,
          weight: input.weight ?? 1,
          enabled: input.enabled ?? true,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return toView(created!);
    },

    async update(id: string, patch: ProviderKeyPatch): Promise<ProviderKeyView> {
      await row(id);
      const set: Partial<ProviderKey> = { updatedAt: new Date(clock.now()) };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.baseUrl !== undefined) set.baseUrl = patch.baseUrl;
      if (patch.weight !== undefined) set.weight = patch.weight;
      if (patch.secret !== undefined) {
        // A rotated secret starts with a clean health record: the old key's failures say nothing about it.
        Object.assign(set, {
          secret: await seal(encryptionKey, patch.secret),
          hint: hintOf(patch.secret),
          consecutiveFailures: 0,
          cooldownUntil: null,
        });
      }
      const [updated] = await db.update(providerKeys).set(set).where(eq(providerKeys.id, id)).returning();
      return toView(updated!);
    },

    async setEnabled(id: string, enabled: boolean, reason?: string): Promise<ProviderKeyView> {
      await row(id);
      // Re-enabling is the operator saying "try it again": clear the pool's verdicts too.
      const set = enabled
        ? { enabled: true, disabledReason: null, cooldownUntil: null, consecutiveFailures: 0 }
        : { enabled: false, disabledReason: reason ?? "disabled by operator" };
      const [updated] = await db
        .update(providerKeys)
        .set({ ...set, updatedAt: new Date(clock.now()) })
        .where(eq(providerKeys.id, id))
        .returning();
      return toView(updated!);
    },

    async remove(id: string): Promise<void> {
      const deleted = await db.delete(providerKeys).where(eq(providerKeys.id, id)).returning({ id: providerKeys.id });
      if (deleted.length === 0) throw new AppError("not_found", `provider key ${id} not found`);
    },

    /** A failed test-call leaves its error on the key; it is no request, so no counter, cooldown or enabled flag moves. */
    async noteTestFailure(id: string, message: string): Promise<void> {
      await db
        .update(providerKeys)
        .set({ lastError: message.slice(0, 1000) })
        .where(eq(providerKeys.id, id));
    },

    /** The plaintext secret, for a test-call; never for an API answer. */
    async reveal(id: string): Promise<{ view: ProviderKeyView; secret: string }> {
      const found = await row(id);
      return { view: toView(found), secret: await unseal(encryptionKey, found.secret) };
    },
  };
}

export type KeyRepository = ReturnType<typeof createKeyRepository>;
