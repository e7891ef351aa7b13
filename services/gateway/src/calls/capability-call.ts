// The one way a route calls a provider: resolve it, narrow it to the capability, run it with a key from the pool
// (failover and stand-in model in keys/provider-call.ts), build its ProviderContext, log it, and handle cancellation.
import { AppError } from "@waule/shared/errors";
import { callProvider, type ProviderCallResult } from "../keys/provider-call";
import type { ResolveRequest } from "../providers/registry";
import type { Capability, Provider, ProviderContext, ProviderKeyUse } from "../providers/types";
import { logUpstreamCall } from "../request-log/request-log";
import type { CallContext } from "./context";

export type CapabilityCall<T> = {
  /** Whom the call is for; they name the request-log row of every attempt. */
  tenantId: string;
  requestId: string;
  /** The platform model, and the provider or upstream model the call names. */
  route: ResolveRequest;
  /** The server went away, or the call's own time limit passed (a task submit): the upstream call is aborted. */
  signal?: AbortSignal;
  /** false for submits that create an upstream job (see FailoverOptions). */
  idempotent?: boolean;
  /** Run with this key only (no pool, no stand-in): a job's follow-up must reach the account holding the job. */
  key?: ProviderKeyUse;
  /** When the value outlives the call (a stream), its log row ends when this settles instead of at once. */
  endsWhen?: (value: T) => Promise<void> | undefined;
};

/** What `run` gets for one attempt: the capability itself, and the context to call it with. */
export type CapabilityUse<C extends Capability> = {
  capability: NonNullable<Provider[C]>;
  ctx: ProviderContext;
  provider: Provider;
  upstreamModel: string;
};

export function callCapability<C extends Capability, T>(
  deps: Omit<CallContext, "storage">,
  capability: C,
  call: CapabilityCall<T>,
  run: (use: CapabilityUse<C>) => Promise<T>,
): Promise<ProviderCallResult<T>> {
  return callProvider(
    deps,
    capability,
    call.route,
    ({ provider, upstreamModel }, key) => {
      const served = provider[capability] as Provider[C];
      if (!served) throw new AppError("invalid_request", `provider "${provider.name}" cannot do ${capability}`);
      const ctx: ProviderContext = {
        key,
        fetch: deps.fetch,
        signal: call.signal,
        clock: deps.clock,
        tenantUrls: deps.config.tenantUrls,
      };
      return logUpstreamCall(
        deps,
        {
          tenantId: call.tenantId,
          requestId: call.requestId,
          capability,
          provider: provider.name,
          model: upstreamModel,
          keyId: key.id,
        },
        () =>
          run({ capability: served as NonNullable<Provider[C]>, ctx, provider, upstreamModel }).catch(
            unlessCancelled(call.signal),
          ),
        call.endsWhen,
      );
    },
    { idempotent: call.idempotent, key: call.key },
  );
}

/**
 * For a call the server cancelled (it went away): the failure says nothing about the upstream or its key, so it
 * becomes a plain AppError, which the key pool neither counts against the key nor retries on the next one.
 */
function unlessCancelled(signal: AbortSignal | undefined): (err: unknown) => never {
  return (err) => {
    // Whatever the adapter made of the abort (a DOMException, a status-0 UpstreamError), the cause was the server.
    if (signal?.aborted) {
      throw new AppError(
        "upstream_timeout",
        "the call was cancelled (the server went away or its time ran out) before the upstream answered",
      );
    }
    throw err;
  };
}
