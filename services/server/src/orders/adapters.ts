// Builds a provider's adapter from the current settings, unsealing its secrets only for the call.
import { AppError } from "@waule/shared/errors";
import type { PaymentProviderName } from "@waule/shared/orders";
import { unseal } from "@waule/shared/sealing";
import type { ServerDeps } from "../deps";
import type { PaymentAdapter } from "../payments/provider";
import { paymentProviders } from "../payments/registry";
import type { PlatformSettings } from "../settings/defaults";

export type PaymentDeps = Pick<ServerDeps, "db" | "clock" | "ids" | "config" | "settings">;

/** 409 when the provider's credentials are missing or unreadable (e.g. sealed under another key). */
export async function adapterFor(
  deps: PaymentDeps,
  name: PaymentProviderName,
  settings: PlatformSettings,
): Promise<PaymentAdapter> {
  const key = deps.config.CONFIG_ENCRYPTION_KEY;
  try {
    return await paymentProviders[name].adapter(settings, async (sealed) =>
      sealed === null ? null : unseal(key, sealed),
    );
  } catch (error) {
    throw new AppError(
      "conflict",
      `payment provider ${name} is not usable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
