// Tenant self-service: a tenant's admins (or its API key) manage users, keys and read the ledger; every user changes their own password.

export { canManageTenant, requireTenantManager } from "./guard";
export { passwordRoutes, tenantAdminRoutes } from "./routes";
