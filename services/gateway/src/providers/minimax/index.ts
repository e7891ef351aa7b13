// MiniMax: Hailuo video tasks and T2A speech.
import type { Provider } from "../types.ts";
import { MINIMAX_DEFAULT_BASE_URL, MINIMAX_PROVIDER } from "./client.ts";
import { minimaxSpeech } from "./speech.ts";
import { verifyMinimaxKey } from "./verify.ts";
import { minimaxVideo } from "./video.ts";

export const minimaxProvider: Provider = {
  name: MINIMAX_PROVIDER,
  requiresKey: true,
  defaultBaseUrl: MINIMAX_DEFAULT_BASE_URL,
  video: minimaxVideo,
  speech: minimaxSpeech,
  verifyKey: verifyMinimaxKey,
};
