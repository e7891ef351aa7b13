// The provider key pool: sealed key storage, selection, health learning and failover.

export { type FailoverOptions, withKeyFailover } from "./failover";
export { type KeyOutcome, type KeyVerdict, verdictFor, worthRetrying } from "./outcome";
export { chooseKey, createKeyPool, type KeyPool, type KeyPoolConfig, type KeyPoolDeps, type PickedKey } from "./pool";
export {
  createKeyRepository,
  type KeyRepository,
  type NewProviderKey,
  type ProviderKeyPatch,
  type ProviderKeyView,
} from "./repository";
