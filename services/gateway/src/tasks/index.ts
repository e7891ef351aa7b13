// Durable upstream tasks of every kind: the engine main.ts starts, accepting a job, and the routes the server polls.
// The table of kinds is tasks/kinds.ts (imported by the app, not from here: the kinds' folders import this one).
export { acceptTask } from "./accept";
export { createTaskEngine } from "./engine";
export { tasksRoute } from "./route";
export {
  defaultEngineOptions,
  type TaskEngine,
  type TaskEngineOptions,
  type TaskKind,
  type TaskKindDeps,
  type TaskPoller,
} from "./types";
