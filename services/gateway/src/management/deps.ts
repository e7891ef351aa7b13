// What the management API is built from; the integrator supplies the real key test-call and the storage rebuild hook.
import type { GatewayDb } from "@waule/db/connect";
import type { Clock, Ids } from "@waule/shared/clock";
import type { PickedKey } from "../keys/pool";
import type { PlatformOssConfig } from "../platform-oss/settings";

export type ManagementDeps = {
  db: GatewayDb;
  clock: Clock;
  ids: Ids;
  config: { adminToken: string; encryptionKey: string };
  /** Makes one cheap real call with the key (e.g. list models); throws, ideally an UpstreamError, when it fails. */
  testKey: (provider: string, key: PickedKey) => Promise<void>;
  /** Known provider names; when given, keys for any other name are refused. */
  providers?: readonly string[];
  /** Runs after the platform OSS settings changed, so platform storage can be rebuilt without a restart. */
  onPlatformOssChange?: (config: PlatformOssConfig) => void | Promise<void>;
};
