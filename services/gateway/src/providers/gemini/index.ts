// Google Gemini (Generative Language API): chat, Gemini/Imagen images, Veo video as a long-running operation.
import type { Provider } from "../types.ts";
import { geminiChat } from "./chat.ts";
import { geminiDefaultBaseUrl, geminiProviderName } from "./client.ts";
import { geminiImage } from "./image.ts";
import { verifyGeminiKey } from "./verify.ts";
import { geminiVideo } from "./video.ts";

export const geminiProvider: Provider = {
  name: geminiProviderName,
  requiresKey: true,
  defaultBaseUrl: geminiDefaultBaseUrl,
  chat: geminiChat,
  image: geminiImage,
  video: geminiVideo,
  verifyKey: verifyGeminiKey,
};
