// The sandbox provider: deterministic real media with simulated latency and failures; the default when no provider keys exist.
import type { Provider } from "../types";
import { sandboxChat } from "./chat";
import { sandboxImage } from "./image";
import { createSimulation, type SandboxOptions } from "./simulation";
import { sandboxSpeech } from "./speech";
import { type SandboxVideoOptions, sandboxVideo } from "./video";

export const SANDBOX_PROVIDER = "sandbox";
/** The models the sandbox declares; the server's catalogue seeds the same names. */
export const SANDBOX_MODELS = ["sandbox-image", "sandbox-chat", "sandbox-tts", "sandbox-video"] as const;

export type { SandboxOptions } from "./simulation";
export type { SandboxVideoOptions } from "./video";

/** `video` tunes the simulated task (steps, step length, task failure rate); the defaults suit a demo. */
export function createSandboxProvider(options: SandboxOptions & { video?: SandboxVideoOptions }): Provider {
  const simulation = createSimulation(options);
  return {
    name: SANDBOX_PROVIDER,
    requiresKey: false,
    image: sandboxImage(simulation),
    chat: sandboxChat(simulation),
    video: sandboxVideo(simulation, { random: options.random, ...options.video }),
    speech: sandboxSpeech(simulation),
  };
}
