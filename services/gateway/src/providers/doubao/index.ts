// The Doubao (Volcengine Ark) provider: Seedream images, Seedance video tasks, Doubao chat.
import type { Provider } from "../types";
import { doubaoChat } from "./chat";
import { DOUBAO_BASE_URL, DOUBAO_PROVIDER } from "./client";
import { createSeedreamImage, type SeedreamResponseFormat } from "./image";
import { verifyArkKey } from "./verify";
import { seedanceVideo } from "./video";

export type DoubaoOptions = {
  /** How Seedream hands images back; "url" (default) lets the gateway fetch them, "b64_json" inlines them. */
  imageResponseFormat?: SeedreamResponseFormat;
};

export function createDoubaoProvider(options: DoubaoOptions = {}): Provider {
  return {
    name: DOUBAO_PROVIDER,
    requiresKey: true,
    defaultBaseUrl: DOUBAO_BASE_URL,
    image: createSeedreamImage({ responseFormat: options.imageResponseFormat }),
    chat: doubaoChat,
    video: seedanceVideo,
    verifyKey: verifyArkKey,
  };
}

export const doubaoProvider: Provider = createDoubaoProvider();
