// When a task gives up: the model's own deadline (catalogue pricing JSON `deadlineSeconds`), else the configured default.
import type { Model } from "@waule/db/server";
import type { ServerConfig } from "../config";

/** Slow upstreams (a Midjourney queue, a long Veo render) get more time than fast ones without one global knob. */
export function taskDeadlineAt(
  model: Pick<Model, "pricing">,
  config: Pick<ServerConfig, "VIDEO_TASK_DEADLINE_SECONDS">,
  now: number,
): Date {
  const own = model.pricing?.deadlineSeconds;
  const seconds = typeof own === "number" && Number.isFinite(own) && own > 0 ? own : config.VIDEO_TASK_DEADLINE_SECONDS;
  return new Date(now + seconds * 1000);
}
