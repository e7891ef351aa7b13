// The table of task kinds the server runs; a new kind (music, 3D) is its own folder, its name in the shared
// taskType schema, and one line here (the record type makes a missing line a type error).
import type { TaskType } from "@waule/shared/tasks";
import { midjourneyTaskKind } from "../midjourney/kind";
import { videoTaskKind } from "../videos/kind";
import type { TaskKind } from "./kind";

export const taskKinds: Readonly<Record<TaskType, TaskKind>> = {
  video: videoTaskKind,
  midjourney: midjourneyTaskKind,
};

export function taskKindOf(type: TaskType): TaskKind {
  return taskKinds[type];
}
