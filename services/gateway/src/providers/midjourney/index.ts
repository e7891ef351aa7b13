// Midjourney through a midjourney-proxy-compatible service: an image *task* API (imagine, then button actions on the
// result), so its capability is `midjourney` (jobs the task engine polls) rather than `image`. Each key in the pool is
// a proxy's `mj-api-secret` with that proxy's baseUrl.
import type { Provider } from "../types.ts";
import { MIDJOURNEY_PROVIDER } from "./client.ts";
import { createMidjourneyJobs } from "./jobs.ts";
import { createMidjourneyClient } from "./tasks.ts";
import { verifyMidjourneyKey } from "./verify.ts";

export { MIDJOURNEY_PROVIDER } from "./client.ts";
export { midjourneyTaskPoll } from "./poll.ts";
export {
  createMidjourneyClient,
  type MidjourneyButton,
  type MidjourneyClient,
  type MidjourneySubmitted,
  type MidjourneyTask,
} from "./tasks.ts";
export { verifyMidjourneyKey } from "./verify.ts";

export const midjourneyProvider: Provider = {
  name: MIDJOURNEY_PROVIDER,
  requiresKey: true,
  midjourney: createMidjourneyJobs(createMidjourneyClient()),
  verifyKey: verifyMidjourneyKey,
};
