// A sandbox whose chat stream produces a token only when the test allows it, so tests can prove what
// arrived before the upstream finished, or cut a stream at an exact token, without timing anything.
import { createProviderRegistry, type ProviderRegistry } from "../../src/providers/registry";
import { createSandboxProvider, SANDBOX_MODELS } from "../../src/providers/sandbox";
import { type SandboxChatOptions, sandboxChat } from "../../src/providers/sandbox/chat";
import { createSimulation } from "../../src/providers/sandbox/simulation";

export type TokenLatch = ReturnType<typeof createTokenLatch>;

export function createTokenLatch() {
  let allowed = 0;
  let open = false;
  let requested = 0;
  let produced = 0;
  let aborted = 0;
  const blocked: { index: number; resolve: () => void }[] = [];
  const watchers: { check: () => boolean; resolve: () => void }[] = [];

  function notify() {
    for (const w of [...watchers]) {
      if (w.check()) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve();
      }
    }
  }
  function wake() {
    for (const b of [...blocked]) {
      if (open || b.index <= allowed) {
        blocked.splice(blocked.indexOf(b), 1);
        b.resolve();
      }
    }
  }
  const until = (check: () => boolean) =>
    check() ? Promise.resolve() : new Promise<void>((resolve) => watchers.push({ check, resolve }));

  return {
    /** The sandbox's per-token pause: the n-th call waits until the test has allowed n tokens. */
    sleep(_ms: number, signal?: AbortSignal): Promise<void> {
      const index = ++requested;
      notify();
      return new Promise<void>((resolve, reject) => {
        const entry = {
          index,
          resolve: () => {
            produced++;
            resolve();
            notify();
          },
        };
        signal?.addEventListener(
          "abort",
          () => {
            const at = blocked.indexOf(entry);
            // Already let through: this abort belongs to a later token.
            if (at < 0) return;
            blocked.splice(at, 1);
            aborted++;
            reject(signal.reason);
            notify();
          },
          { once: true },
        );
        blocked.push(entry);
        wake();
      });
    },
    allow(n: number) {
      allowed += n;
      wake();
    },
    openAll() {
      open = true;
      wake();
    },
    /** Tokens the sandbox was allowed to yield so far. */
    get produced() {
      return produced;
    },
    /** Tokens the sandbox has started waiting for (produced + the one it is blocked on). */
    get requested() {
      return requested;
    },
    get aborted() {
      return aborted;
    },
    waitForRequested: (n: number) => until(() => requested >= n),
    waitForAbort: () => until(() => aborted > 0),
  };
}

/** A registry serving the sandbox models, its chat gated by `latch`. */
export function latchedSandboxRegistry(latch: TokenLatch, chat: SandboxChatOptions = {}): ProviderRegistry {
  const options = { latencyMs: 0, failureRate: 0 };
  const provider = {
    ...createSandboxProvider(options),
    chat: sandboxChat(createSimulation(options), { tokenDelayMs: 1, sleep: latch.sleep, ...chat }),
  };
  const registry = createProviderRegistry({ hasProviderKeys: async () => false });
  registry.register(provider, { models: SANDBOX_MODELS });
  return registry;
}
