// Tenant storage modes: the routes, and the per-call storage target every capability passes to the gateway.

export { type CustomStorageConfig, customStorageConfig, type TenantStorageView } from "./config";
export { tenantStorageRoutes } from "./routes";
export {
  describeTenantStorage,
  storageTargetFor,
  type TenantStorageDeps,
  useCustomStorage,
  usePlatformStorage,
} from "./tenant-storage";
export { type VerifyStorage, verifyCustomStorage } from "./verify";
