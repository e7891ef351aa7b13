// The sandbox provider for browser tests: chat tokens come out only when the test lets them, and video tasks end in about a second.
import { createProviderRegistry, type ProviderRegistry } from "../../services/gateway/src/providers/registry";
import { createSandboxProvider, SANDBOX_MODELS } from "../../services/gateway/src/providers/sandbox";
import { sandboxChat } from "../../services/gateway/src/providers/sandbox/chat";
import { createSimulation } from "../../services/gateway/src/providers/sandbox/simulation";

/** Gates the sandbox's per-token pause: the n-th token waits until n tokens were allowed (or the gate is open). */
export function createTokenGate() {
  let allowed = 0;
  let requested = 0;
  let open = false;
  const blocked: { index: number; resolve: () => void }[] = [];
  const release = () => {
    for (const b of [...blocked]) {
      if (open || b.index <= allowed) {
        blocked.splice(blocked.indexOf(b), 1);
        b.resolve();
      }
    }
  };
  return {
    sleep(_ms: number, signal?: AbortSignal): Promise<void> {
      const index = ++requested;
      return new Promise<void>((resolve, reject) => {
        const entry = { index, resolve };
        signal?.addEventListener(
          "abort",
          () => {
            const at = blocked.indexOf(entry);
            if (at >= 0) blocked.splice(at, 1);
            reject(signal.reason);
          },
          { once: true },
        );
        blocked.push(entry);
        release();
      });
    },
    /** Lets `n` more tokens out, counting from the tokens already requested or allowed. */
    allow(n: number) {
      allowed = Math.max(allowed, requested - blocked.length) + n;
      release();
    },
    /** Stops gating: every token now and later goes straight through. */
    openAll() {
      open = true;
      release();
    },
    close() {
      open = false;
      allowed = requested;
    },
  };
}

export type TokenGate = ReturnType<typeof createTokenGate>;

export function gatedSandboxRegistry(gate: TokenGate): ProviderRegistry {
  const options = { latencyMs: 0, failureRate: 0 };
  const sandbox = createSandboxProvider({ ...options, video: { steps: 3, stepMs: 300 } });
  const provider = { ...sandbox, chat: sandboxChat(createSimulation(options), { tokenDelayMs: 1, sleep: gate.sleep }) };
  const registry = createProviderRegistry({ hasProviderKeys: async () => false });
  registry.register(provider, { models: SANDBOX_MODELS });
  return registry;
}
