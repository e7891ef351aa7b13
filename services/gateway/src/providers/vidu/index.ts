// Vidu (Shengshu): video tasks only.
import type { Provider } from "../types.ts";
import { VIDU_DEFAULT_BASE_URL, VIDU_PROVIDER } from "./client.ts";
import { verifyViduKey } from "./verify.ts";
import { viduVideo } from "./video.ts";

export const viduProvider: Provider = {
  name: VIDU_PROVIDER,
  requiresKey: true,
  defaultBaseUrl: VIDU_DEFAULT_BASE_URL,
  video: viduVideo,
  verifyKey: verifyViduKey,
};
