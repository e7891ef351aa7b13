// Where the external sora2api service lives and the key it wants; stored sealed, loaded by the sora adapter wiring.
import { z } from "zod";
import { maskSecret, readSetting, type SettingsDeps, writeSetting } from "../management/sealed-settings";

const SETTING = "sora_proxy";

export const soraProxyConfig = z.object({
  // http(s) only: Bun's fetch would read a file: URL from local disk.
  baseUrl: z.url({ protocol: /^https?$/ }).max(2000),
  apiKey: z.string().min(1),
});
export type SoraProxyConfig = z.infer<typeof soraProxyConfig>;

/** PUT body: the key may be omitted to keep the stored one. */
export const soraProxyInput = soraProxyConfig.extend({ apiKey: z.string().min(1).optional() });

export async function loadSoraProxy(deps: SettingsDeps): Promise<SoraProxyConfig | null> {
  return (await readSetting(deps, SETTING, soraProxyConfig))?.value ?? null;
}

export async function saveSoraProxy(deps: SettingsDeps, config: SoraProxyConfig, now: Date): Promise<void> {
  await writeSetting(deps, SETTING, config, now);
}

export async function describeSoraProxy(deps: SettingsDeps) {
  const stored = await readSetting(deps, SETTING, soraProxyConfig);
  if (!stored) return { configured: false as const };
  return {
    configured: true as const,
    baseUrl: stored.value.baseUrl,
    apiKey: maskSecret(stored.value.apiKey),
    updatedAt: stored.updatedAt,
  };
}
