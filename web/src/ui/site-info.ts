// The platform's public settings (name, announcement, offered pages and payments), read once per page load from /site.
import type { SiteInfo } from "@waule/shared/settings";
import { createResource, createRoot } from "solid-js";
import { api } from "../api/api";

const state = createRoot(() => {
  const [info] = createResource<SiteInfo | null>(() => api.commerce.site().catch(() => null));
  return info;
});

export const siteInfo = state;
