// What every provider call on the gateway is made with: one type for the chat, speech, image and task routes.
// GatewayDeps is one (app.ts passes its own deps down unchanged); tests build just these parts.
import type { GatewayDb } from "@waule/db/connect";
import type { Clock, Ids } from "@waule/shared/clock";
import type { GatewayConfig } from "../config";
import type { KeyPool } from "../keys/pool";
import type { UpstreamMetrics } from "../metrics/gateway-metrics";
import type { ProviderRegistry } from "../providers/registry";
import type { ObjectStorage } from "../storage/types";

export type CallContext = {
  /** The request log, upstream task rows and the key pool's rows. */
  db: GatewayDb;
  providers: ProviderRegistry;
  /** The provider key pool, for providers that need a key. */
  keys?: KeyPool;
  clock: Clock;
  ids: Ids;
  /** Used by providers and to download upstream result URLs. */
  fetch: typeof fetch;
  /** The platform storage (PLATFORM mode); CUSTOM targets are built per call. */
  storage: ObjectStorage;
  /** Upstream latency by provider; createGatewayApp sets it to its /metrics registry. */
  metrics?: UpstreamMetrics;
  /** encryptionKey unseals pool keys for task polls; tenantUrls is how providers may download tenant-given URLs. */
  config: Pick<GatewayConfig, "encryptionKey" | "signedUrlTtlSeconds"> & Partial<Pick<GatewayConfig, "tenantUrls">>;
};
