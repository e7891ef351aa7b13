// POST /internal/v1/midjourney/imagine and /action: accept the job and answer its status at once; the result comes by polling.
import { internalMidjourneyActionRequest, internalMidjourneyImagineRequest } from "@waule/shared/midjourney";
import { Hono } from "hono";
import { validate } from "../http/validate";
import type { VideoTaskEngine } from "../tasks/engine";
import { toInternalStatus } from "../tasks/repository";
import type { MidjourneyTasks } from "./submit";

export function midjourneyRoute(deps: { midjourney: MidjourneyTasks; tasks: VideoTaskEngine }) {
  return new Hono()
    .post("/v1/midjourney/imagine", validate("json", internalMidjourneyImagineRequest), async (c) => {
      const body = c.req.valid("json");
      const row = await deps.midjourney.imagine(body);
      deps.tasks.track(row, body.storage);
      return c.json(toInternalStatus(row), 202);
    })
    .post("/v1/midjourney/action", validate("json", internalMidjourneyActionRequest), async (c) => {
      const body = c.req.valid("json");
      const row = await deps.midjourney.action(body);
      deps.tasks.track(row, body.storage);
      return c.json(toInternalStatus(row), 202);
    });
}
