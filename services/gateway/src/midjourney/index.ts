// Midjourney jobs as durable upstream tasks: submits pinned to managed Discord accounts, polled by the task engine.
export { chooseAccount, openJobsByAccount } from "./accounts";
export { midjourneyTasks } from "./kind";
export { createMidjourneySubmits, type MidjourneySubmits } from "./submit";
