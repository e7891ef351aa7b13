// Midjourney jobs as durable upstream tasks: submits pinned to managed Discord accounts, polled by the task engine.
export { midjourneyRoute } from "./route";
export { createMidjourneyTasks, type MidjourneyTasks } from "./submit";
export { midjourneyKeyed, pollMidjourney } from "./upstream";
