// Durable upstream tasks (video): the engine main.ts starts, and the internal routes the server polls.
export { createVideoTaskEngine, type VideoTaskEngine } from "./engine";
export { tasksRoute } from "./route";
export { defaultEngineOptions, type TaskEngineDeps, type TaskEngineOptions } from "./types";
