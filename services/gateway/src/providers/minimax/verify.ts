// MiniMax's key check: query a video task id that cannot exist — free and read-only.
//
// Docs: the video task query page beside https://platform.minimaxi.com/docs/api-reference/video-generation-download —
// GET /v1/query/video_generation?task_id=…; error codes https://platform.minimax.io/docs/api-reference/errorcode.
// MiniMax answers HTTP 200 either way and puts the verdict in `base_resp.status_code`: 1004 (not authorized) or 2049
// (invalid api key) mean a bad key, 1008 means the account has no balance left; 2013 (invalid params: the task is
// unknown) or 0 mean the key was accepted.
import type { ProviderContext } from "../types.ts";
import { minimaxError, minimaxRequest, readBaseResp } from "./client.ts";

export const KEY_CHECK_TASK_ID = "0";
/** Codes that make the key unusable for real calls. */
const keyFailures = new Set([1004, 2049, 1008]);

export async function verifyMinimaxKey(ctx: ProviderContext): Promise<void> {
  const json = await minimaxRequest(ctx, "GET", "/v1/query/video_generation", {
    query: { task_id: KEY_CHECK_TASK_ID },
    allowBaseError: true,
  });
  const baseResp = readBaseResp(json);
  if (baseResp && keyFailures.has(baseResp.status_code)) throw minimaxError(baseResp);
}
