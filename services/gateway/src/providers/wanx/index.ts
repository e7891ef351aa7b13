// The Wanx (Alibaba DashScope) provider: Wan images and video as async tasks, Qwen-TTS speech.
import type { Provider } from "../types";
import { WANX_BASE_URL, WANX_PROVIDER } from "./client";
import { createWanxImage, type WanxPolling } from "./image";
import { qwenTtsSpeech } from "./speech";
import { verifyDashScopeKey } from "./verify";
import { wanxVideo } from "./video";

export type WanxOptions = Partial<WanxPolling>;

/** Images are tasks upstream; these defaults follow DashScope's advice (poll every few seconds, results in 1–3 minutes). */
export function createWanxProvider(options: WanxOptions = {}): Provider {
  const polling: WanxPolling = {
    intervalMs: options.intervalMs ?? 3_000,
    timeoutMs: options.timeoutMs ?? 300_000,
    sleep: options.sleep ?? abortableSleep,
  };
  return {
    name: WANX_PROVIDER,
    requiresKey: true,
    defaultBaseUrl: WANX_BASE_URL,
    image: createWanxImage(polling),
    video: wanxVideo,
    speech: qwenTtsSpeech,
    verifyKey: verifyDashScopeKey,
  };
}

export const wanxProvider: Provider = createWanxProvider();

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
