// POST /internal/v1/midjourney/imagine and /action: accept the job and answer its status at once; the result comes by polling.
import { internalMidjourneyActionRequest, internalMidjourneyImagineRequest } from "@waule/shared/midjourney";
import { Hono } from "hono";
import { validate } from "../http/validate";
import { toInternalStatus } from "../tasks/repository";
import type { TaskKindDeps } from "../tasks/types";
import { createMidjourneySubmits } from "./submit";

export function midjourneyRoute(deps: TaskKindDeps) {
  const midjourney = createMidjourneySubmits(deps);
  return new Hono()
    .post("/v1/midjourney/imagine", validate("json", internalMidjourneyImagineRequest), async (c) =>
      c.json(toInternalStatus(await midjourney.imagine(c.req.valid("json"))), 202),
    )
    .post("/v1/midjourney/action", validate("json", internalMidjourneyActionRequest), async (c) =>
      c.json(toInternalStatus(await midjourney.action(c.req.valid("json"))), 202),
    );
}
