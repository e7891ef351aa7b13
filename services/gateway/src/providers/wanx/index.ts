// The Wanx (Alibaba DashScope) provider: Wan images and video as async tasks, Qwen-TTS speech.
import type { Provider } from "../types";
import { WANX_BASE_URL, WANX_PROVIDER } from "./client";
import { createWanxImage, type WanxPolling } from "./image";
import { qwenTtsSpeech } from "./speech";
import { verifyDashScopeKey } from "./verify";
import { wanxVideo } from "./video";

export type WanxOptions = Partial<WanxPolling>;

/**
 * A synchronous image call must end before the server stops waiting for it (its GATEWAY_TIMEOUT_MS, 120 s by
 * default): past that the server has already answered the tenant, so a later result would be generated unpaid.
 */
export const WANX_IMAGE_DEADLINE_MS = 110_000;

/** Images are tasks upstream; polling follows DashScope's advice (every few seconds); the deadline is the server's wait, less a margin. */
export function createWanxProvider(options: WanxOptions = {}): Provider {
  const polling: WanxPolling = {
    intervalMs: options.intervalMs ?? 3_000,
    timeoutMs: options.timeoutMs ?? WANX_IMAGE_DEADLINE_MS,
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

/** Exported so tests can wrap the real abort handling while deciding when the abort happens. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
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
