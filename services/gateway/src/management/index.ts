// The gateway management API and its admin pages, for the gateway app to mount.
export { createManagementApp } from "./app";
export type { ManagementDeps } from "./deps";
export { createAdminUiApp, type AdminUiOptions } from "./ui/routes";
