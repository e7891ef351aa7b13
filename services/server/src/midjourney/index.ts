// Midjourney as tasks: the routes app.ts mounts and the model seed main.ts runs.
export { seedMidjourneyModel } from "./catalogue";
export { midjourneyRoutes } from "./routes";
