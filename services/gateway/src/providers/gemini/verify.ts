// Gemini's key check: list one model — free and read-only.
// Docs: https://ai.google.dev/api/models#method:-models.list (GET /v1beta/models?pageSize=…; a wrong key answers
// 400 INVALID_ARGUMENT with reason API_KEY_INVALID, which mapGoogleError treats as a bad key).
import type { ProviderContext } from "../types.ts";
import { geminiRequest } from "./client.ts";

export async function verifyGeminiKey(ctx: ProviderContext): Promise<void> {
  const res = await geminiRequest(ctx, "GET", "models?pageSize=1");
  await res.body?.cancel();
}
