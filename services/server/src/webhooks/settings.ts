// A tenant's webhook URL and signing secret; the secret is sealed at rest and shown only when issued.

import { randomBytes } from "node:crypto";
import type { ServerDb } from "@waule/db/connect";
import { type Tenant, tenants } from "@waule/db/server";
import { seal, unseal } from "@waule/shared/sealing";
import type { WebhookSettings, WebhookSettingsRequest } from "@waule/shared/tasks";
import { eq } from "drizzle-orm";

export function webhookSettingsOf(tenant: Pick<Tenant, "webhookUrl" | "webhookSecret">): WebhookSettings {
  return { url: tenant.webhookUrl, has_secret: tenant.webhookSecret !== null };
}

/** Sets the URL; issues a secret when the tenant has none (or asks to rotate) and answers it this once. */
export async function updateWebhookSettings(
  ctx: { db: ServerDb; now: number; encryptionKey: string },
  tenant: Pick<Tenant, "id" | "webhookSecret">,
  input: WebhookSettingsRequest,
): Promise<WebhookSettings> {
  const issue = tenant.webhookSecret === null || input.rotate_secret;
  const secret = issue ? `whsec_${randomBytes(32).toString("base64url")}` : null;
  await ctx.db
    .update(tenants)
    .set({
      webhookUrl: input.url,
      updatedAt: new Date(ctx.now),
      ...(secret ? { webhookSecret: await seal(ctx.encryptionKey, secret) } : {}),
    })
    .where(eq(tenants.id, tenant.id));
  return { url: input.url, has_secret: true, ...(secret ? { secret } : {}) };
}

export async function webhookSecretOf(
  tenant: Pick<Tenant, "webhookSecret">,
  encryptionKey: string,
): Promise<string | null> {
  return tenant.webhookSecret === null ? null : unseal(encryptionKey, tenant.webhookSecret);
}
