// Admin-edited gateway settings (platform OSS, sora proxy): one row per name, the whole JSON value sealed.
import type { GatewayDb } from "@waule/db/connect";
import { gatewaySettings } from "@waule/db/gateway";
import { seal, unseal } from "@waule/shared/sealing";
import { eq } from "drizzle-orm";
import type { ZodType } from "zod";

export type SettingsDeps = { db: GatewayDb; encryptionKey: string };
export type StoredSetting<T> = { value: T; updatedAt: Date };

export async function readSetting<T>(
  { db, encryptionKey }: SettingsDeps,
  name: string,
  schema: ZodType<T>,
): Promise<StoredSetting<T> | null> {
  const row = await db.query.gatewaySettings.findFirst({ where: eq(gatewaySettings.name, name) });
  if (!row) return null;
  // Parsing again guards against a value written by an older shape of the settings.
  return { value: schema.parse(JSON.parse(await unseal(encryptionKey, row.value))), updatedAt: row.updatedAt };
}

export async function writeSetting(
  { db, encryptionKey }: SettingsDeps,
  name: string,
  value: unknown,
  now: Date,
): Promise<void> {
  const sealed = await seal(encryptionKey, JSON.stringify(value));
  await db
    .insert(gatewaySettings)
    .values({ name, value: sealed, updatedAt: now })
    .onConflictDoUpdate({ target: gatewaySettings.name, set: { value: sealed, updatedAt: now } });
}

/** Shows that a secret is set, and its last four characters, never more. */
export function maskSecret(secret: string): string {
  return secret.length > 8 ? `****${secret.slice(-4)}` : "****";
}
