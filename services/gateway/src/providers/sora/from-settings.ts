// Sora as registered in the gateway: the sora2api base URL and key come from the /api/sora-proxy setting, read on
// every call (not from the key pool), because sora2api is one external service with one key the operator sets there.
import { AppError } from "@waule/shared/errors";
import type { Provider, ProviderContext } from "../types.ts";
import { SORA_PROVIDER } from "./client.ts";
import { createSoraVideo } from "./video.ts";

export type SoraProxySource = () => Promise<{ baseUrl: string; apiKey: string } | null>;

export function createSoraFromSettings(load: SoraProxySource): Provider {
  const video = createSoraVideo();
  async function withProxyKey(ctx: ProviderContext): Promise<ProviderContext> {
    const proxy = await load();
    if (!proxy)
      throw new AppError("upstream_unavailable", "sora: the sora2api proxy is not configured (PUT /api/sora-proxy)");
    return { ...ctx, key: { id: null, secret: proxy.apiKey, baseUrl: proxy.baseUrl } };
  }
  return {
    name: SORA_PROVIDER,
    // Keyless as far as the pool goes: the key lives in the sora-proxy setting.
    requiresKey: false,
    video: {
      submit: async (input, ctx) => video.submit(input, await withProxyKey(ctx)),
      poll: async (upstreamTaskId, ctx) => video.poll(upstreamTaskId, await withProxyKey(ctx)),
    },
  };
}
