// Login, /me and usage: what a tenant (or one of its users) sees of its own account.
import { z } from "zod";
import { pageOf, pageQuery } from "./pagination";

export const loginRequest = z
  .object({
    apiKey: z.string().min(1).max(200),
    username: z.string().min(1).max(100),
    password: z.string().min(1).max(200),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequest>;

export const loginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: z.object({ id: z.string(), username: z.string(), nickname: z.string().nullable() }),
  tenant: z.object({ id: z.string(), name: z.string() }),
});
export type LoginResponse = z.infer<typeof loginResponse>;

export const meResponse = z.object({
  tenant: z.object({
    id: z.string(),
    name: z.string(),
    credits: z.number().int(),
    /** The tenant's low-balance alert threshold (null: none); below it the web app shows a banner. */
    lowBalanceThreshold: z.number().int().nullable().default(null),
  }),
  user: z.object({ id: z.string(), username: z.string(), nickname: z.string().nullable() }).nullable(),
  auth: z.enum(["api_key", "tenant_user"]),
});
export type MeResponse = z.infer<typeof meResponse>;

export const usageQuery = pageQuery.extend({
  operation: z.string().max(50).optional(),
  model: z.string().max(100).optional(),
  /** Only this user's rows; a member's own rows are all a member ever sees, whatever this says. */
  userId: z.string().max(100).optional(),
  /** ISO dates or datetimes; `to` is exclusive. */
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
export type UsageQuery = z.infer<typeof usageQuery>;

export const usageResult = z.object({ url: z.string(), mimeType: z.string() });
export type UsageResult = z.infer<typeof usageResult>;

export const usageRecord = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  model: z.string(),
  operation: z.string(),
  credits: z.number().int(),
  requestId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  /** Who made the call (null for API-key calls). */
  username: z.string().nullable(),
  /** The prompt (or spoken text) the result was made from, when the call had one. */
  prompt: z.string().nullable(),
  /** The stored results: images, audio, video, Midjourney grids. */
  results: z.array(usageResult),
});
export type UsageRecord = z.infer<typeof usageRecord>;
export const usagePage = pageOf(usageRecord);
export type UsagePage = z.infer<typeof usagePage>;
