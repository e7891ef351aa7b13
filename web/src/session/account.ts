// The signed-in account as every page reads it: the tenant's balance (/me) and whether the caller manages the tenant
// (/tenant), fetched once per session and re-read when a page reports that credits moved.
import { createResource, createRoot } from "solid-js";
import { api } from "../api/api";
import { session } from "./session";

// createRoot owns the resources for the page's lifetime, like the session signal they follow.
const state = createRoot(() => {
  const [me, { refetch }] = createResource(
    () => session()?.token,
    () => api.me(),
  );
  const [team] = createResource(
    () => session()?.token,
    () => api.team.tenant(),
  );
  return { me, refetch, team };
});

export const me = state.me;
/** The team info (name, seats, the caller's role); an error or a missing answer means "not a manager". */
export const team = state.team;

export function refreshBalance(): void {
  void state.refetch();
}

/** The balance as last read, or null while unknown (never a guess that would block a submit). */
export function balance(): number | null {
  if (me.error) return null;
  return me()?.tenant.credits ?? null;
}

/** True only once the server has said the caller is a tenant admin (or an API key). */
export function canManageTeam(): boolean {
  return !team.error && team()?.caller.canManage === true;
}
