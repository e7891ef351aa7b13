// The provider key pool: sealed key storage, selection, health learning and failover.
export { createKeyRepository, type KeyRepository, type ProviderKeyView, type NewProviderKey, type ProviderKeyPatch } from "./repository";
export { createKeyPool, chooseKey, type KeyPool, type KeyPoolConfig, type KeyPoolDeps, type PickedKey } from "./pool";
export { withKeyFailover, type FailoverOptions } from "./failover";
export { verdictFor, worthRetrying, type KeyOutcome, type KeyVerdict } from "./outcome";
