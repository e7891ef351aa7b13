// Vidu's key check: query the creations of a task id that cannot exist — free and read-only.
//
// Docs: "Get Generation" https://platform.vidu.com/docs/get-generation — GET /ent/v2/tasks/{id}/creations with
// `Authorization: Token <key>`; error codes https://platform.vidu.com/docs/error-code. Authentication runs before the
// lookup, so a wrong key answers 401/403 while a valid key gets the task's "not found" (404, or 400 for a malformed id).
import type { ProviderContext } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { viduRequest } from "./client.ts";

export const KEY_CHECK_TASK_ID = "waule-key-check";

export async function verifyViduKey(ctx: ProviderContext): Promise<void> {
  try {
    await viduRequest(ctx, "GET", `/ent/v2/tasks/${KEY_CHECK_TASK_ID}/creations`);
  } catch (err) {
    // "No such task" proves the key got past authentication.
    if (err instanceof UpstreamError && (err.failure.status === 404 || err.failure.status === 400)) return;
    throw err;
  }
}
