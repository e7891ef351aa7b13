// Simulated upstream behaviour for every sandbox capability: configurable latency and a failure rate with an injectable random source.
import { UpstreamError } from "../upstream-error";

export type SandboxOptions = {
  latencyMs: number;
  /** 0..1: the share of calls that fail like an overloaded upstream. */
  failureRate: number;
  /** Injected so tests decide which calls fail; defaults to Math.random. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

export type Simulation = { beforeCall(signal?: AbortSignal): Promise<void> };

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export function createSimulation(options: SandboxOptions): Simulation {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  return {
    async beforeCall(signal) {
      if (options.latencyMs > 0) await sleep(options.latencyMs, signal);
      if (options.failureRate > 0 && random() < options.failureRate) {
        throw new UpstreamError({
          provider: "sandbox",
          status: 503,
          message: "simulated upstream failure (SANDBOX_FAILURE_RATE)",
        });
      }
    },
  };
}
