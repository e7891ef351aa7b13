// How the task engine polls a Midjourney job: the proxy's fetch by *its* task id (never a prompt match), mapped onto
// the task-poll shape, with the finished job's buttons kept so the tenant can press them.
import type { MidjourneyButtonRow } from "@waule/db/gateway";
import {
  createMidjourneyClient,
  MIDJOURNEY_PROVIDER,
  type MidjourneyButton,
  midjourneyTaskPoll,
} from "../providers/midjourney";
import type { Provider, ProviderContext, VideoPoll } from "../providers/types";

/** Midjourney rides the key pool as provider "midjourney": each key is a midjourney-proxy secret with its baseUrl. */
export const midjourneyKeyed: Provider = { name: MIDJOURNEY_PROVIDER, requiresKey: true };

export type MidjourneyPoll = VideoPoll & { buttons?: MidjourneyButtonRow[] };

const client = createMidjourneyClient();

export async function pollMidjourney(upstreamTaskId: string, ctx: ProviderContext): Promise<MidjourneyPoll> {
  const task = await client.fetch(upstreamTaskId, ctx);
  const poll = midjourneyTaskPoll(task);
  if (poll.status !== "succeeded") return poll;
  return { ...poll, buttons: (task.buttons ?? []).map(toButton) };
}

/** The reroll button has no label, only an emoji; a tenant still needs something to show. */
function toButton(button: MidjourneyButton): MidjourneyButtonRow {
  return {
    customId: button.customId,
    label: button.label || button.emoji || button.customId.split("::")[2] || "action",
  };
}
