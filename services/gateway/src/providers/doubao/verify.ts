// Ark's key check: list content-generation tasks, one per page — a read that costs nothing and needs a valid key.
//
// Docs: "查询视频生成任务列表" https://www.volcengine.com/docs/82379/1521675 —
// GET /contents/generations/tasks?page_num=1&page_size=1 answers `{ items, total }` for any valid key (an empty list
// included); a missing or wrong key answers 401 `AuthenticationError`, which arkFailure maps to status 401.
import type { ProviderContext } from "../types";
import { arkRequest } from "./client";

export async function verifyArkKey(ctx: ProviderContext): Promise<void> {
  await arkRequest<unknown>(ctx, "GET", "/contents/generations/tasks?page_num=1&page_size=1");
}
