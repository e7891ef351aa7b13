// Maps a midjourney-proxy task onto the gateway's task-poll shape: the finished grid or upscale is its one file
// (an image URL the task engine copies into storage).
import type { TaskPoll } from "../types.ts";
import type { MidjourneyTask } from "./tasks.ts";

/** Midjourney and the proxy explain refusals in prose ("Banned prompt detected", "image filters", ...). */
const refusalPattern = /banned|sensitive|moderat|image filter|blocked|violat/i;

export function midjourneyTaskPoll(task: MidjourneyTask): TaskPoll {
  const progress = parseProgress(task.progress);
  const withProgress = progress === undefined ? {} : { progress };
  switch (task.status) {
    case "NOT_START":
    case "SUBMITTED":
      return { status: "queued", ...withProgress };
    case "IN_PROGRESS":
    case "MODAL":
      return { status: "running", ...withProgress };
    case "SUCCESS":
      if (!task.imageUrl)
        return {
          status: "failed",
          code: "upstream_unavailable",
          message: "midjourney: task succeeded without an image",
        };
      return { status: "succeeded", files: [{ kind: "url", url: task.imageUrl }] };
    case "CANCEL":
      return { status: "failed", code: "upstream_unavailable", message: "midjourney: task was cancelled" };
    case "FAILURE": {
      const reason = task.failReason || "task failed";
      return {
        status: "failed",
        code: refusalPattern.test(reason) ? "content_refused" : "upstream_unavailable",
        message: `midjourney: ${reason}`,
      };
    }
  }
}

/** "50%" -> 50; anything unparsable is left out rather than guessed. */
function parseProgress(progress: string | null | undefined): number | undefined {
  const match = progress ? /^(\d{1,3})%$/.exec(progress.trim()) : null;
  if (!match) return undefined;
  return Math.min(100, Number(match[1]));
}
