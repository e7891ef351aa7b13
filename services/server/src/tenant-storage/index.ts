// Tenant storage modes: the routes, and the per-call storage target every capability passes to the gateway.
export { storageTargetFor, describeTenantStorage, useCustomStorage, usePlatformStorage, type TenantStorageDeps } from "./tenant-storage";
export { tenantStorageRoutes } from "./routes";
export { customStorageConfig, type CustomStorageConfig, type TenantStorageView } from "./config";
export { verifyCustomStorage, type VerifyStorage } from "./verify";
