// A tenant's API keys as listed to the operator console and the tenant's own admins (only the prefix is ever shown again).
import { z } from "zod";
import { keyLimitsView } from "./key-limits";

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  limits: keyLimitsView,
});
export type ApiKeyView = z.infer<typeof apiKeyView>;
export const apiKeyList = z.object({ data: z.array(apiKeyView) });
export type ApiKeyList = z.infer<typeof apiKeyList>;

export const createApiKeyRequest = z.object({ name: z.string().trim().min(1).max(100).default("default") }).strict();
export type CreateApiKeyRequest = z.input<typeof createApiKeyRequest>;
