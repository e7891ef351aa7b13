// Platform settings: defaults, the cached store every instance reads, the audited update and the routes.
export { defaultSettings, type PlatformSettings } from "./defaults";
export { adminSettingsRoutes, siteRoutes } from "./routes";
export { createSettingsStore, SETTINGS_TTL_MS, type SettingsStore } from "./store";
