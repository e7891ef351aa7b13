// Sora through the external sora2api service: video tasks only. Its base URL comes from the key (key.baseUrl)
// or from the gateway's sora-proxy setting passed to the factory.
import type { Provider } from "../types.ts";
import { SORA_PROVIDER } from "./client.ts";
import { createSoraVideo } from "./video.ts";

export function createSoraProvider(options: { baseUrl?: string } = {}): Provider {
  return {
    name: SORA_PROVIDER,
    requiresKey: true,
    defaultBaseUrl: options.baseUrl,
    video: createSoraVideo(options.baseUrl),
  };
}

/** For pools whose sora keys each carry their sora2api base URL. */
export const soraProvider: Provider = createSoraProvider();
