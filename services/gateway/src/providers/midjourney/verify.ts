// midjourney-proxy's key check: fetch a task id that cannot exist — free, read-only, touches no Discord account.
//
// API: novicezk/midjourney-proxy TaskController `GET /mj/task/{id}/fetch` (ApiAuthorizeInterceptor answers 401 when the
// `mj-api-secret` header is wrong; an unknown id answers 200 with an empty body). The plus-style proxies keep both.
// The proxy has no default location: the key's baseUrl is required.
import type { ProviderContext } from "../types.ts";
import { midjourneyRequest } from "./client.ts";

export const KEY_CHECK_TASK_ID = "waule-key-check";

export async function verifyMidjourneyKey(ctx: ProviderContext): Promise<void> {
  await midjourneyRequest(ctx, undefined, "GET", `/mj/task/${KEY_CHECK_TASK_ID}/fetch`);
}
