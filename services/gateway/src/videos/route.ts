// POST /internal/v1/videos/generations: accepts the job and answers its status at once (queued); the result comes by polling.
import { internalVideoRequest } from "@waule/shared/videos";
import { Hono } from "hono";
import { validate } from "../http/validate";
import type { VideoTaskEngine } from "../tasks/engine";
import { toInternalStatus } from "../tasks/repository";

export function videosRoute(deps: { tasks: VideoTaskEngine }) {
  return new Hono().post("/v1/videos/generations", validate("json", internalVideoRequest), async (c) => {
    const row = await deps.tasks.submit(c.req.valid("json"));
    return c.json(toInternalStatus(row), 202);
  });
}
