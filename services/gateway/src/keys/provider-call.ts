// One upstream call as every capability route makes it: resolve the provider, run it with the pool's keys in
// turn, and when every key failed retryably (or none is usable) try the catalogue's stand-in model once.
import { AppError } from "@waule/shared/errors";
import type { ProviderRegistry, Resolved, ResolveRequest } from "../providers/registry";
import type { Capability, ProviderKeyUse } from "../providers/types";
import { type FailoverOptions, withKeyFailover } from "./failover";
import type { KeyPool } from "./pool";

export type ProviderCallDeps = { providers: ProviderRegistry; keys?: KeyPool };
/** What actually served the call: the stand-in's provider and model when the fallback ran. */
export type ProviderCallResult<T> = Resolved & { value: T; fellBack: boolean };

const KEYLESS: ProviderKeyUse = { id: null, secret: "" };

/**
 * Some upstreams echo the key they were sent in their error text ("Incorrect API key provided: sk-…"), and that
 * text travels on to the server and the tenant: the key is cut out of the message wherever it appears.
 */
function redactingKey<T>(call: (key: ProviderKeyUse) => Promise<T>): (key: ProviderKeyUse) => Promise<T> {
  return async (key) => {
    try {
      return await call(key);
    } catch (err) {
      if (err instanceof Error && key.secret.length >= 8 && err.message.includes(key.secret))
        err.message = err.message.replaceAll(key.secret, "[redacted]");
      throw err;
    }
  };
}

/** Runs `call` keyless, or with the pool's keys in turn (each attempt is its own upstream call). */
function withKey<T>(
  deps: ProviderCallDeps,
  resolved: Resolved,
  rawCall: (key: ProviderKeyUse) => Promise<T>,
  options: FailoverOptions<T> = {},
): Promise<T> {
  const call = redactingKey(rawCall);
  if (!resolved.provider.requiresKey) return call(KEYLESS);
  if (!deps.keys)
    throw new AppError("upstream_unavailable", `no key pool is configured for provider "${resolved.provider.name}"`);
  return withKeyFailover(deps.keys, resolved.provider.name, call, options);
}

export async function callProvider<T>(
  deps: ProviderCallDeps,
  capability: Capability,
  request: ResolveRequest,
  call: (resolved: Resolved, key: ProviderKeyUse) => Promise<T>,
  /**
   * idempotent: false for submits that create an upstream job (see FailoverOptions). key: run with that key only,
   * neither the pool's other keys nor the stand-in model (a follow-up only the job's own account can take).
   */
  options: Pick<FailoverOptions<T>, "idempotent"> & { key?: ProviderKeyUse } = {},
): Promise<ProviderCallResult<T>> {
  const { idempotent } = options;
  const first = await deps.providers.resolve(capability, request);
  const pinned = options.key;
  if (pinned) return { ...first, value: await redactingKey((key) => call(first, key))(pinned), fellBack: false };
  const standIn = deps.providers.fallbackFor(first.upstreamModel);
  // One level only: a stand-in's own stand-in is not followed, so a misconfigured pair cannot loop.
  const fallback = standIn
    ? async (): Promise<ProviderCallResult<T>> => {
        const second = await deps.providers.resolve(capability, {
          model: standIn.model,
          provider: standIn.provider ?? first.provider.name,
        });
        // Rate limits and overloads are often per model: the keys that just rested for the first model may serve this one.
        const sameProvider = second.provider.name === first.provider.name;
        const value = await withKey(deps, second, (key) => call(second, key), {
          includeCoolingDown: sameProvider,
          idempotent,
        });
        return { ...second, value, fellBack: true };
      }
    : undefined;
  return withKey<ProviderCallResult<T>>(
    deps,
    first,
    async (key) => ({ ...first, value: await call(first, key), fellBack: false }),
    { fallback, idempotent },
  );
}
