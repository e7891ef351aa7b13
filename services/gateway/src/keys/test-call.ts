// The management API's key test-call: the provider's own free, read-only request (its `verifyKey`) that proves the
// upstream accepts the key. It goes straight to the upstream, not through the pool, so no pool counter moves.
import type { Clock } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import type { ProviderRegistry } from "../providers/registry";
import type { PickedKey } from "./pool";

export type KeyTesterDeps = {
  providers: ProviderRegistry;
  fetch: typeof fetch;
  clock: Clock;
  /** How long the upstream may take before the test counts as a timeout. */
  timeoutMs?: number;
};

export function createKeyTester(deps: KeyTesterDeps) {
  return async (providerName: string, key: PickedKey): Promise<void> => {
    const verify = deps.providers.get(providerName)?.verifyKey;
    // Without a documented free call, a test would have to spend money; the pool then learns on first use instead.
    if (!verify)
      throw new AppError(
        "invalid_request",
        `${providerName}: no free test call exists; the key is checked on its first real call`,
      );
    await verify({
      key: { id: key.id, secret: key.secret, baseUrl: key.baseUrl },
      fetch: deps.fetch,
      clock: deps.clock,
      signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
    });
  };
}
