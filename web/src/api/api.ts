// Wires the API client to the browser session: same-origin calls carrying the stored JWT.
import { session, signOut } from "../session/session";
import { createApiClient } from "./client";

export const api = createApiClient({
  baseUrl: import.meta.env.VITE_API_BASE_URL ?? "",
  getToken: () => session()?.token ?? null,
  onUnauthorized: signOut,
});
