// Name → provider map and the one place that decides which provider serves a call; adding a provider is one `register` line.
import { AppError } from "@waule/shared/errors";
import {
  builtInProviders,
  type CatalogueOptions,
  MODEL_FALLBACKS,
  type ModelFallback,
  type ModelPattern,
  matchesModel,
} from "./catalogue";
import { createSandboxProvider, SANDBOX_MODELS, type SandboxOptions } from "./sandbox";
import type { Capability, Provider } from "./types";

export type ResolveRequest = { model: string; provider?: string; upstreamModel?: string };
export type Resolved = { provider: Provider; upstreamModel: string };

export type ProviderRegistry = {
  /**
   * Adds a provider; `models` are the model names it serves unless a call names another provider: exact names,
   * or families as "*" patterns ("doubao-seedream-*"). An exact name wins over a pattern; patterns match in
   * registration order.
   */
  register(provider: Provider, options?: { models?: readonly ModelPattern[] }): void;
  get(name: string): Provider | undefined;
  names(): string[];
  /**
   * Picks the provider: the one the call names, else the one declared for the model; while no provider key is
   * configured at all, the sandbox serves whatever is not named (a fresh machine runs without upstream accounts).
   */
  resolve(capability: Capability, request: ResolveRequest): Promise<Resolved>;
  /** The stand-in configured for an upstream model, if any. */
  fallbackFor(upstreamModel: string): ModelFallback | undefined;
};

export type RegistryOptions = {
  /** Whether any provider key is configured in the pool; injected because the pool owns that knowledge. */
  hasProviderKeys: () => Promise<boolean>;
  /** The provider used when nothing else applies and no keys exist. */
  fallback?: string;
  /** Stand-in models by upstream model name. */
  modelFallbacks?: Readonly<Record<string, ModelFallback>>;
};

export function createProviderRegistry(options: RegistryOptions): ProviderRegistry {
  const providers = new Map<string, Provider>();
  const modelOwners = new Map<string, string>();
  const patternOwners: { pattern: ModelPattern; provider: string }[] = [];
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
      for (const model of opts?.models ?? []) {
        if (model.includes("*")) patternOwners.push({ pattern: model, provider: provider.name });
        else modelOwners.set(model, provider.name);
      }
    },
    get: (name) => providers.get(name),
    names: () => [...providers.keys()],
    async resolve(capability, request) {
      const upstreamModel = request.upstreamModel ?? request.model;
      if (request.provider)
        return { provider: require(request.provider, capability, "named by the call"), upstreamModel };
      const ownerName =
        modelOwners.get(request.model) ?? patternOwners.find((p) => matchesModel(p.pattern, request.model))?.provider;
      const owner =
        ownerName === undefined ? undefined : require(ownerName, capability, `declared for model ${request.model}`);
      // Without any key a keyed owner could only fail; the sandbox answers instead (when it has the capability).
      const sandbox = providers.get(fallback);
      const sandboxServes = sandbox?.[capability] !== undefined && (owner === undefined || owner.requiresKey);
      if (sandboxServes && !(await options.hasProviderKeys())) return { provider: sandbox!, upstreamModel };
      if (owner) return { provider: owner, upstreamModel };
      throw new AppError("invalid_request", `no provider serves model "${request.model}"`);
    },
    fallbackFor: (upstreamModel) => options.modelFallbacks?.[upstreamModel],
  };
}

export type DefaultRegistryOptions = RegistryOptions & CatalogueOptions & { sandbox: SandboxOptions };

/**
 * The registry with the sandbox and every built-in provider of the catalogue (a new provider folder adds its
 * entry there). Model-declared routing to a real provider applies once any provider key exists; until then
 * the sandbox serves, so a fresh machine works with no upstream account.
 */
export function createDefaultRegistry(options: DefaultRegistryOptions): ProviderRegistry {
  const registry = createProviderRegistry({
    modelFallbacks: MODEL_FALLBACKS,
    ...options,
    hasProviderKeys: options.hasProviderKeys,
  });
  registry.register(createSandboxProvider(options.sandbox), { models: SANDBOX_MODELS });
  for (const entry of builtInProviders(options)) registry.register(entry.provider, { models: entry.models });
  return registry;
}
