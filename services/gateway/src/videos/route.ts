// POST /internal/v1/videos/generations: accepts the job and answers its status at once (queued); the result comes by polling.
import { internalVideoRequest } from "@waule/shared/videos";
import { Hono } from "hono";
import { validate } from "../http/validate";
import { toInternalStatus } from "../tasks/repository";
import type { TaskKindDeps } from "../tasks/types";
import { submitVideo } from "./submit";

export function videosRoute(deps: TaskKindDeps) {
  return new Hono().post("/v1/videos/generations", validate("json", internalVideoRequest), async (c) => {
    const row = await submitVideo(deps, c.req.valid("json"));
    return c.json(toInternalStatus(row), 202);
  });
}
