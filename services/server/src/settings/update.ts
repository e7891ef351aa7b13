// Changes platform settings: the patch is merged over the current values, checked as a whole (an enabled payment
// provider needs all its credentials), secrets sealed, written in one batch, audited, and every instance told.
import type { ServerDb } from "@waule/db/connect";
import type { Admin } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import { seal } from "@waule/shared/sealing";
import { providerSecretFields, type SettingsPatchRequest } from "@waule/shared/settings";
import { recordAudit } from "../admin/audit";
import { assertPriceGroupExists, builtInDefaultGroup } from "../price-groups/groups";
import type { PlatformSettings, SettingsSection } from "./defaults";
import { readSettings, type SettingsStore } from "./store";

type UpdateContext = { db: ServerDb; now: number; encryptionKey: string; store: SettingsStore };

const secretNames = new Set<string>(Object.values(providerSecretFields).flat());

/** What a provider must have before it can be switched on. */
function missingForEnabled(s: PlatformSettings): string[] {
  const missing: string[] = [];
  const need = (section: string, values: Record<string, unknown>, fields: string[]) => {
    for (const f of fields) if (values[f] === null || values[f] === undefined) missing.push(`${section}.${f}`);
  };
  if (s.alipay.enabled) need("alipay", s.alipay, ["appId", "privateKey", "alipayPublicKey"]);
  if (s.wechat.enabled)
    // Without a pasted platform public key the platform certificates are downloaded (payments/wechat/platform-keys.ts).
    need("wechat", s.wechat, ["mchid", "appid", "merchantSerialNo", "privateKey", "apiV3Key"]);
  if (s.stripe.enabled) need("stripe", s.stripe, ["secretKey", "webhookSecret"]);
  if ((s.alipay.enabled || s.wechat.enabled || s.stripe.enabled) && !s.payments.publicBaseUrl)
    missing.push("payments.publicBaseUrl");
  return missing;
}

/** The audit row's view of a change: plain values as given, secrets only as set or cleared. */
function auditedChanges(patch: SettingsPatchRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [section, fields] of Object.entries(patch)) {
    if (!fields) continue;
    for (const [name, value] of Object.entries(fields)) {
      out[`${section}.${name}`] = secretNames.has(name) ? (value === null ? "(cleared)" : "(set)") : value;
    }
  }
  return out;
}

export async function updateSettings(
  ctx: UpdateContext,
  admin: Pick<Admin, "id" | "username">,
  patch: SettingsPatchRequest,
): Promise<PlatformSettings> {
  const current = await readSettings(ctx.db);
  const next: PlatformSettings = structuredClone(current);
  const touched = new Set<SettingsSection>();
  for (const [section, fields] of Object.entries(patch) as [SettingsSection, Record<string, unknown> | undefined][]) {
    if (!fields || Object.keys(fields).length === 0) continue;
    touched.add(section);
    const target = next[section] as Record<string, unknown>;
    for (const [name, value] of Object.entries(fields)) {
      target[name] = secretNames.has(name) && typeof value === "string" ? await seal(ctx.encryptionKey, value) : value;
    }
  }
  // Ungrouped tenants pay by the default group, so it must be one operators can see (the built-in name may be absent:
  // then they pay the catalogue's prices, as on a fresh platform).
  const defaultGroup = patch.pricing?.defaultPriceGroup;
  if (defaultGroup !== undefined && defaultGroup !== builtInDefaultGroup())
    await assertPriceGroupExists(ctx.db, defaultGroup);
  const missing = missingForEnabled(next);
  if (missing.length)
    throw new AppError("invalid_request", `cannot enable a payment provider without ${missing.join(", ")}`, {
      missing,
    });
  await ctx.db.$client.batch(
    [...touched].map((section) => ({
      sql: `INSERT INTO platform_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      args: [section, JSON.stringify(next[section]), ctx.now, admin.id],
    })),
    "write",
  );
  await recordAudit(
    ctx.db,
    admin,
    {
      action: "settings.update",
      targetType: "settings",
      targetId: [...touched].join(","),
      details: auditedChanges(patch),
    },
    ctx.now,
  );
  await ctx.store.changed();
  return next;
}
