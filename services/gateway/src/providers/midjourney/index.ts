// Midjourney through a midjourney-proxy-compatible service. Not a Provider capability: it is an image *task* API
// (imagine, then button actions on the result), so it exports a client plus the mapping onto the task-poll shape.
export { MIDJOURNEY_PROVIDER } from "./client.ts";
export { midjourneyTaskPoll } from "./poll.ts";
export {
  createMidjourneyClient,
  type MidjourneyAccountFilter,
  type MidjourneyActionInput,
  type MidjourneyButton,
  type MidjourneyClient,
  type MidjourneyImagineInput,
  type MidjourneySubmitted,
  type MidjourneyTask,
} from "./tasks.ts";
export { verifyMidjourneyKey } from "./verify.ts";
