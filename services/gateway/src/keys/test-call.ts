// The management API's key test-call: one free, read-only request (list models) that proves the upstream accepts the key.
import { AppError } from "@waule/shared/errors";
import type { ProviderRegistry } from "../providers/registry";
import { networkFailure, UpstreamError } from "../providers/upstream-error";
import type { PickedKey } from "./pool";

/** Providers with a documented list-models endpoint, and how their key is presented there. */
const LIST_MODELS: Readonly<Record<string, (secret: string) => Record<string, string>>> = {
  openai: (secret) => ({ Authorization: `Bearer ${secret}` }),
  deepseek: (secret) => ({ Authorization: `Bearer ${secret}` }),
  qwen: (secret) => ({ Authorization: `Bearer ${secret}` }),
  gemini: (secret) => ({ "x-goog-api-key": secret }),
};

export function createKeyTester(deps: { providers: ProviderRegistry; fetch: typeof fetch }) {
  return async (providerName: string, key: PickedKey): Promise<void> => {
    const headers = LIST_MODELS[providerName];
    const baseUrl = key.baseUrl || deps.providers.get(providerName)?.defaultBaseUrl;
    // Other upstreams have no free call; a real generation would cost money, so the pool learns on first use instead.
    if (!headers || !baseUrl) throw new AppError("invalid_request", `${providerName}: no free test call exists; the key is checked on its first real call`);
    let res: Response;
    try {
      res = await deps.fetch(`${baseUrl.replace(/\/+$/, "")}/models`, { headers: headers(key.secret) });
    } catch (err) {
      throw networkFailure(providerName, err);
    }
    const text = await res.text().catch(() => "");
    if (!res.ok) throw new UpstreamError({ provider: providerName, status: res.status, message: `list models answered ${res.status}: ${text.slice(0, 200)}` });
  };
}
