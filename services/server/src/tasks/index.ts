// Long-running tasks: the routes app.ts mounts and the runner main.ts starts.
export { taskRoutes } from "./routes";
export { createTaskRunner, type TaskRunner, type TaskRunnerOptions } from "./runner";
