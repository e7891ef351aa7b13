// DashScope's key check: query one async task by an id that cannot exist — free, read-only, and key-scoped.
//
// Docs: "异步任务管理 API" https://help.aliyun.com/zh/model-studio/manage-asynchronous-tasks —
// GET /api/v1/tasks/{task_id} answers 200 with `task_status: "UNKNOWN"` for an id the account does not own
// (the key was accepted); a wrong key answers 401 `InvalidApiKey`, which dashscopeFailure maps to status 401.
import type { ProviderContext } from "../types";
import { fetchDashScopeTask } from "./client";

/** An id DashScope never hands out (theirs are UUIDs), so the query can only answer "unknown". */
export const KEY_CHECK_TASK_ID = "waule-key-check";

export async function verifyDashScopeKey(ctx: ProviderContext): Promise<void> {
  await fetchDashScopeTask(ctx, KEY_CHECK_TASK_ID);
}
