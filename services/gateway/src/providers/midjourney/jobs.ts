// Midjourney as a Provider capability: imagine and button actions submit jobs, polls read them back by the proxy's
// task id and keep the finished job's buttons so the tenant can press them.

import type { MidjourneyCapability, TaskButton } from "../types.ts";
import { midjourneyTaskPoll } from "./poll.ts";
import type { MidjourneyButton, MidjourneyClient } from "./tasks.ts";

export function createMidjourneyJobs(client: MidjourneyClient): MidjourneyCapability {
  return {
    imagine: async (input, ctx) => ({ upstreamTaskId: (await client.imagine(input, ctx)).taskId }),
    action: async (input, ctx) => ({ upstreamTaskId: (await client.action(input, ctx)).taskId }),
    async poll(upstreamTaskId, ctx) {
      const task = await client.fetch(upstreamTaskId, ctx);
      const poll = midjourneyTaskPoll(task);
      if (poll.status !== "succeeded") return poll;
      return { ...poll, buttons: (task.buttons ?? []).map(toButton) };
    },
  };
}

/** The reroll button has no label, only an emoji; a tenant still needs something to show. */
function toButton(button: MidjourneyButton): TaskButton {
  return {
    customId: button.customId,
    label: button.label || button.emoji || button.customId.split("::")[2] || "action",
  };
}
