// The gateway management API and its admin pages, for the gateway app to mount:
//   app.route("/api", createManagementApp(deps))  — Bearer GATEWAY_ADMIN_TOKEN on every route
//     /provider-keys  GET (page, limit, provider) · POST · GET/PATCH/DELETE /:id · POST /:id/{enable,disable,test}
//     /platform-oss   GET · PUT (verified by a real write/read/delete first) · POST /test
//     /discord-accounts  GET · POST · GET/PATCH/DELETE /:id · POST /:id/{enable,disable} · PUT /:id/concurrency
//     /sora-proxy     GET · PUT
//     /usage          GET ?from=YYYY-MM-DD&to=YYYY-MM-DD&provider=
//   app.route("/admin", createAdminUiApp({ apiBase: "/api", uiBase: "/admin" }))
export { createManagementApp } from "./app";
export type { ManagementDeps } from "./deps";
export { type AdminUiOptions, createAdminUiApp } from "./ui/routes";
