// The provider key a task's polls use: the same pool key it was submitted with, since upstream task ids belong to one account.
import type { GatewayDb } from "@waule/db/connect";
import { providerKeys } from "@waule/db/gateway";
import { AppError } from "@waule/shared/errors";
import { unseal } from "@waule/shared/sealing";
import { eq } from "drizzle-orm";
import type { Provider, ProviderKeyUse } from "../providers/types";

const KEYLESS: ProviderKeyUse = { id: null, secret: "" };

/**
 * A disabled key still polls: the job was accepted under it and only that account can read it back.
 * A deleted key cannot, and the task then fails (the caller maps the error).
 */
export async function keyForPoll(
  db: GatewayDb,
  encryptionKey: string,
  provider: Provider,
  keyId: string | null,
): Promise<ProviderKeyUse> {
  if (!provider.requiresKey) return KEYLESS;
  if (!keyId) throw new AppError("upstream_unavailable", `${provider.name}: the task has no provider key recorded`);
  const row = await db.query.providerKeys.findFirst({ where: eq(providerKeys.id, keyId) });
  if (!row)
    throw new AppError(
      "upstream_unavailable",
      `${provider.name}: the key this task was submitted with no longer exists`,
    );
  return { id: row.id, secret: await unseal(encryptionKey, row.secret), baseUrl: row.baseUrl };
}
