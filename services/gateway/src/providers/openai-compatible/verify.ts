// The OpenAI-style key check: list models — free and read-only at OpenAI, DeepSeek and DashScope's compatible mode.
// Docs: https://platform.openai.com/docs/api-reference/models/list (GET /models; a wrong key answers 401 invalid_api_key).
import type { ProviderContext } from "../types.ts";
import { networkFailure } from "../upstream-error.ts";
import { baseUrlFor, mapOpenAIError, type OpenAIEndpoint } from "./client.ts";

export function createOpenAIKeyCheck(endpoint: OpenAIEndpoint) {
  return async (ctx: ProviderContext): Promise<void> => {
    let res: Response;
    try {
      res = await ctx.fetch(`${baseUrlFor(endpoint, ctx)}/models`, {
        headers: { Authorization: `Bearer ${ctx.key.secret}` },
        signal: ctx.signal,
      });
    } catch (err) {
      throw networkFailure(endpoint.provider, err);
    }
    const text = await res.text().catch(() => "");
    if (!res.ok) throw mapOpenAIError(endpoint.provider, res.status, text, res.headers.get("retry-after"));
  };
}
