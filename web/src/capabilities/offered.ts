// Which capabilities the signed-in tenant is offered, read once per session: the nav hides the rest and a page reached
// by its address says why it is not available (never the operator's set-up steps).
import type { CapabilityStatus } from "@waule/shared/capabilities";
import type { ModelCapability } from "@waule/shared/models";
import { createResource, createRoot } from "solid-js";
import { api } from "../api/api";
import { session } from "../session/session";

const state = createRoot(() => {
  const [list] = createResource(
    () => session()?.token,
    async () => (await api.capabilities()).data,
  );
  return { list };
});

/** The capability's status, or undefined while it is being read (or could not be: the page then works as before). */
export function capabilityStatus(capability: ModelCapability): CapabilityStatus | undefined {
  if (state.list.error) return undefined;
  return state.list()?.find((c) => c.capability === capability);
}

/** False only when the server said so; unknown counts as offered, so a slow answer never hides working pages. */
export function isOffered(capability: ModelCapability): boolean {
  return capabilityStatus(capability)?.available !== false;
}
