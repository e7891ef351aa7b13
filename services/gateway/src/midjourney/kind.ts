// Midjourney as a task kind: jobs pinned to managed Discord accounts, polled through the provider's midjourney capability.
import type { TaskKind } from "../tasks/types";
import { midjourneyRoute } from "./route";

export const midjourneyTasks: TaskKind = {
  name: "midjourney",
  routes: midjourneyRoute,
  pollerOf(provider) {
    const jobs = provider.midjourney;
    return jobs && ((id, ctx) => jobs.poll(id, ctx));
  },
};
