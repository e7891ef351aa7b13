// Which kinds of work the platform offers a tenant right now: a capability is offered only when it is set up (models
// the tenant may use and, for Midjourney, an enabled Discord account on the gateway), so pages never offer dead ends.
import { z } from "zod";
import { modelCapability } from "./models";

/** The gateway's side (POST /internal/v1/capabilities): what it can serve beyond what the provider registry always can. */
export const internalCapabilities = z.object({ midjourney: z.boolean() });
export type InternalCapabilities = z.infer<typeof internalCapabilities>;

/** Why a capability is not offered: the tenant has no model of it, or the platform has not set it up. */
export const capabilityUnavailableReason = z.enum(["no_models", "not_configured"]);

export const capabilityStatus = z.object({
  capability: modelCapability,
  available: z.boolean(),
  reason: capabilityUnavailableReason.optional(),
});
export type CapabilityStatus = z.infer<typeof capabilityStatus>;

/** GET /api/v1/capabilities */
export const capabilityList = z.object({ data: z.array(capabilityStatus) });
export type CapabilityList = z.infer<typeof capabilityList>;
