// The table of task kinds the gateway runs; a new kind (music, 3D) is its own folder and one line here.
import { midjourneyTasks } from "../midjourney/kind";
import { videoTasks } from "../videos/kind";
import type { TaskKind } from "./types";

export const taskKinds: readonly TaskKind[] = [videoTasks, midjourneyTasks];
