// Cost of signing + verifying one internal server→gateway call, against a bare SHA-256 of the same body as the floor.
// Relative import: bench/ is not a workspace package, and the signing module has no dependencies of its own.
import { sha256Hex, signInternalRequest, verifyInternalRequest } from "../services/shared/src/internal-signature";
import { type BenchResult, compare, costRatio, formatRatio } from "./measure";

const secret = "bench-secret-0123456789abcdef0123456789abcdef";
// A typical internal image request body (~600 bytes).
const body = JSON.stringify({
  tenantId: "ten_0123456789abcdef",
  requestId: "req_0123456789abcdef0123456789abcdef",
  model: "sandbox-image",
  prompt: "a quiet mountain lake at dusk, soft light, mist over the water, ".repeat(6),
  n: 1,
  width: 1024,
  height: 1024,
  storage: { mode: "PLATFORM" },
});
const bytes = new TextEncoder().encode(body);
const path = "/internal/v1/images/generations";

export async function run(): Promise<BenchResult[]> {
  const [baseline, signVerify] = await compare([
    { name: "sha256 of the body (baseline)", op: () => sha256Hex(bytes), batch: 50 },
    {
      name: "signInternalRequest + verifyInternalRequest",
      op: async () => {
        const now = Date.now();
        const headers = signInternalRequest(secret, { method: "POST", path, body, timestampMs: now });
        const check = await verifyInternalRequest(secret, {
          method: "POST",
          path,
          body: bytes,
          signature: headers["x-waule-signature"],
          timestamp: headers["x-waule-timestamp"],
          nonce: headers["x-waule-nonce"],
          nowMs: now,
        });
        if (!check.ok) throw new Error(`signature did not verify: ${check.reason}`);
      },
      batch: 50,
    },
  ]);
  signVerify!.note = `${formatRatio(costRatio(baseline!, signVerify!))}x the cost of the baseline`;
  return [baseline!, signVerify!];
}
