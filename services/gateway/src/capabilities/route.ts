// POST /internal/v1/capabilities: what this gateway can serve that depends on set-up. Image, chat, speech and video
// always have a provider (the sandbox stands in while no key is configured); Midjourney needs a provider that has it
// and at least one enabled Discord account to submit through.
import { discordAccounts } from "@waule/db/gateway";
import type { InternalCapabilities } from "@waule/shared/capabilities";
import { count, eq } from "drizzle-orm";
import { Hono } from "hono";
import type { CallContext } from "../calls/context";

export async function configuredCapabilities(
  deps: Pick<CallContext, "db" | "providers">,
): Promise<InternalCapabilities> {
  const hasProvider = deps.providers.names().some((name) => deps.providers.get(name)?.midjourney !== undefined);
  if (!hasProvider) return { midjourney: false };
  const [row] = await deps.db.select({ n: count() }).from(discordAccounts).where(eq(discordAccounts.enabled, true));
  return { midjourney: (row?.n ?? 0) > 0 };
}

export function capabilitiesRoute(deps: CallContext) {
  return new Hono().post("/v1/capabilities", async (c) => c.json(await configuredCapabilities(deps)));
}
