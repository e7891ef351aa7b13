// Whether each capability can be used, from the models in reach and the gateway's set-up: the tenant's view (its
// allowed, enabled models) and the operator's (every enabled model) come from this one rule.
import type { CapabilityStatus } from "@waule/shared/capabilities";
import { type ModelCapability, modelCapability } from "@waule/shared/models";
import type { ServerDeps } from "../deps";

export async function capabilityStatuses(
  deps: Pick<ServerDeps, "gateway">,
  withModels: ReadonlySet<ModelCapability>,
): Promise<CapabilityStatus[]> {
  // An unreachable gateway counts as "not set up": offering Midjourney then would only end in a refund.
  const gateway = withModels.has("midjourney")
    ? await deps.gateway.capabilities().catch(() => ({ midjourney: false }))
    : { midjourney: false };
  return modelCapability.options.map((capability): CapabilityStatus => {
    if (!withModels.has(capability)) return { capability, available: false, reason: "no_models" };
    if (capability === "midjourney" && !gateway.midjourney)
      return { capability, available: false, reason: "not_configured" };
    return { capability, available: true };
  });
}
