// Name → provider map and the one place that decides which provider serves a call; adding a provider is one `register` line.
import { AppError } from "@waule/shared/errors";
import { createSandboxProvider, SANDBOX_MODELS, type SandboxOptions } from "./sandbox";
import type { Capability, Provider } from "./types";

export type ResolveRequest = { model: string; provider?: string; upstreamModel?: string };
export type Resolved = { provider: Provider; upstreamModel: string };

export type ProviderRegistry = {
  /** Adds a provider; `models` are the platform model names it serves unless a call names another provider. */
  register(provider: Provider, options?: { models?: readonly string[] }): void;
  get(name: string): Provider | undefined;
  names(): string[];
  /**
   * Picks the provider: the one the call names, else the one declared for the model, else the sandbox
   * when no provider keys are configured (a fresh machine runs everything without upstream accounts).
   */
  resolve(capability: Capability, request: ResolveRequest): Promise<Resolved>;
};

export type RegistryOptions = {
  /** Whether any provider key is configured in the pool; injected because the pool owns that knowledge. */
  hasProviderKeys: () => Promise<boolean>;
  /** The provider used when nothing else applies and no keys exist. */
  fallback?: string;
};

export function createProviderRegistry(options: RegistryOptions): ProviderRegistry {
  const providers = new Map<string, Provider>();
  const modelOwners = new Map<string, string>();
  const fallback = options.fallback ?? "sandbox";

  function require(name: string, capability: Capability, why: string): Provider {
    const provider = providers.get(name);
    if (!provider) throw new AppError("invalid_request", `unknown provider "${name}" (${why})`);
    if (!provider[capability]) throw new AppError("invalid_request", `provider "${name}" cannot do ${capability}`);
    return provider;
  }

  return {
    register(provider, opts) {
      if (providers.has(provider.name)) throw new Error(`provider "${provider.name}" is already registered`);
      providers.set(provider.name, provider);
      for (const model of opts?.models ?? []) modelOwners.set(model, provider.name);
    },
    get: (name) => providers.get(name),
    names: () => [...providers.keys()],
    async resolve(capability, request) {
      const upstreamModel = request.upstreamModel ?? request.model;
      if (request.provider) return { provider: require(request.provider, capability, "named by the call"), upstreamModel };
      const owner = modelOwners.get(request.model);
      if (owner) return { provider: require(owner, capability, `declared for model ${request.model}`), upstreamModel };
      if (providers.has(fallback) && !(await options.hasProviderKeys())) {
        return { provider: require(fallback, capability, "fallback without provider keys"), upstreamModel };
      }
      throw new AppError("invalid_request", `no provider serves model "${request.model}"`);
    },
  };
}

/** The registry with every built-in provider; a new provider folder adds its one `register` line here. */
export function createDefaultRegistry(options: RegistryOptions & { sandbox: SandboxOptions }): ProviderRegistry {
  const registry = createProviderRegistry(options);
  registry.register(createSandboxProvider(options.sandbox), { models: SANDBOX_MODELS });
  return registry;
}
