// The platform bucket's S3 settings as the operator edits them; stored sealed, loaded by whoever builds platform storage.
import { z } from "zod";
import { maskSecret, readSetting, type SettingsDeps, writeSetting } from "../management/sealed-settings";

const SETTING = "platform_oss";

export const platformOssConfig = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  bucket: z.string().min(1).max(63),
  region: z.string().min(1).default("us-east-1"),
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  /** A public (CDN) base for the bucket; without it the gateway presigns URLs. */
  // http(s) only: file links built on it go to tenants (and the web app renders them as links).
  publicBaseUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  forcePathStyle: z.boolean().default(true),
});
export type PlatformOssConfig = z.infer<typeof platformOssConfig>;

/** What PUT/test accept: credentials may be omitted to keep the stored ones, since answers never show them. */
export const platformOssInput = platformOssConfig.extend({
  accessKeyId: z.string().min(1).optional(),
  secretAccessKey: z.string().min(1).optional(),
});
export type PlatformOssInput = z.infer<typeof platformOssInput>;

export async function loadPlatformOss(deps: SettingsDeps): Promise<PlatformOssConfig | null> {
  return (await readSetting(deps, SETTING, platformOssConfig))?.value ?? null;
}

export async function savePlatformOss(deps: SettingsDeps, config: PlatformOssConfig, now: Date): Promise<void> {
  await writeSetting(deps, SETTING, config, now);
}

/** Fills omitted credentials from the stored config; null when some are still missing. */
export function completePlatformOss(
  input: PlatformOssInput,
  stored: PlatformOssConfig | null,
): PlatformOssConfig | null {
  const accessKeyId = input.accessKeyId ?? stored?.accessKeyId;
  const secretAccessKey = input.secretAccessKey ?? stored?.secretAccessKey;
  if (!accessKeyId || !secretAccessKey) return null;
  return { ...input, accessKeyId, secretAccessKey };
}

export async function describePlatformOss(deps: SettingsDeps) {
  const stored = await readSetting(deps, SETTING, platformOssConfig);
  if (!stored) return { configured: false as const };
  const { accessKeyId, secretAccessKey, ...rest } = stored.value;
  return {
    configured: true as const,
    ...rest,
    accessKeyId: maskSecret(accessKeyId),
    secretAccessKey: maskSecret(secretAccessKey),
    updatedAt: stored.updatedAt,
  };
}
