// Proves the platform bucket config works before anyone relies on it (the shared bucket probe), timed for the admin UI.
import type { Clock } from "@waule/shared/clock";
import { probeBucket, type S3ProbeStep } from "@waule/shared/s3-probe";
import type { PlatformOssConfig } from "./settings";

export type VerifyResult =
  | { ok: true; latencyMs: number }
  | { ok: false; step: S3ProbeStep; error: string; latencyMs: number };

export async function verifyPlatformOss(
  config: PlatformOssConfig,
  deps: { clock: Clock; probeId: string },
): Promise<VerifyResult> {
  const started = deps.clock.now();
  const probe = await probeBucket(config, deps.probeId);
  return { ...probe, latencyMs: deps.clock.now() - started };
}
