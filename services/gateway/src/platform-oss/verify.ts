// Proves an S3 config works before anyone relies on it: a real write, read-back and delete of a probe object.
import { createS3Storage } from "../storage/s3";
import type { PlatformOssConfig } from "./settings";

export type VerifyResult =
  | { ok: true; latencyMs: number }
  | { ok: false; step: "write" | "read" | "delete"; error: string; latencyMs: number };

export async function verifyPlatformOss(config: PlatformOssConfig, deps: { now: () => number; probeId: string }): Promise<VerifyResult> {
  const started = deps.now();
  const storage = createS3Storage({ ...config, ttlSeconds: 60, owner: "platform" });
  const key = `_waule-verify/${deps.probeId}.txt`;
  const body = new TextEncoder().encode(`waule storage probe ${deps.probeId}`);
  let step: "write" | "read" | "delete" = "write";
  try {
    await storage.put(key, body, "text/plain");
    step = "read";
    const back = await storage.get(key);
    if (!back) return fail("read", "the probe object was written but could not be read back");
    if (Buffer.compare(Buffer.from(back.data), Buffer.from(body)) !== 0) return fail("read", "the probe object came back with different bytes");
    step = "delete";
    await storage.delete(key);
    return { ok: true, latencyMs: deps.now() - started };
  } catch (err) {
    return fail(step, err instanceof Error ? err.message : String(err));
  }

  function fail(at: typeof step, error: string): VerifyResult {
    return { ok: false, step: at, error, latencyMs: deps.now() - started };
  }
}
