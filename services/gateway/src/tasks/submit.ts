// Accepting a video job: one upstream_tasks row per server task (a resubmit finds it), then the provider's submit.
import type { UpstreamTaskRow } from "@waule/db/gateway";
import { AppError } from "@waule/shared/errors";
import type { InternalVideoRequest } from "@waule/shared/videos";
import { callProvider } from "../keys/provider-call";
import { logUpstreamCall } from "../request-log/request-log";
import { isSafeSegment } from "../storage/keys";
import { findByServerTask, findTask, insertUpstreamTask, recordAccepted, recordSubmitFailure } from "./repository";
import type { TaskEngineDeps } from "./types";

/**
 * The row is written before the upstream call so a crash in between leaves a trace the poller can
 * fail (after submitGraceMs) instead of an upstream job nobody knows about being billed twice.
 */
export async function submitVideoTask(deps: TaskEngineDeps, req: InternalVideoRequest): Promise<UpstreamTaskRow> {
  if (!isSafeSegment(req.tenantId))
    throw new AppError("invalid_request", "tenantId may only contain letters, digits, '.', '_' and '-'");
  const existing = await findByServerTask(deps.db, req.tenantId, req.serverTaskId);
  if (existing) return existing;
  const { provider, upstreamModel } = await deps.providers.resolve("video", req);
  const now = () => deps.clock.now();
  const id = deps.ids.make("gt");
  const inserted = await insertUpstreamTask(
    deps.db,
    {
      id,
      tenantId: req.tenantId,
      serverTaskId: req.serverTaskId,
      capability: "video",
      provider: provider.name,
      model: req.model,
      upstreamModel,
      storageMode: req.storage.mode,
    },
    now(),
  );
  // Lost a race with a concurrent resubmit of the same server task: that one submits upstream.
  if (!inserted) return (await findByServerTask(deps.db, req.tenantId, req.serverTaskId))!;

  const input = (model: string) => ({
    model,
    prompt: req.prompt,
    firstFrame: req.firstFrame,
    lastFrame: req.lastFrame,
    durationSeconds: req.durationSeconds,
    resolution: req.resolution,
    ratio: req.ratio,
    seed: req.seed,
  });
  let keyId: string | null = null;
  try {
    // callProvider: keyless providers (sandbox, sora through its proxy setting), the pool's keys in turn, and the
    // catalogue's stand-in model when every key of the first one failed retryably.
    const submitted = await callProvider(
      deps,
      "video",
      req,
      (resolved, key) => {
        keyId = key.id;
        return logUpstreamCall(
          deps,
          {
            tenantId: req.tenantId,
            requestId: req.serverTaskId,
            capability: "video",
            provider: resolved.provider.name,
            model: resolved.upstreamModel,
            keyId: key.id,
          },
          () =>
            resolved.provider.video!.submit(input(resolved.upstreamModel), {
              key,
              fetch: deps.fetch,
              clock: deps.clock,
              tenantUrls: deps.tenantUrls,
            }),
        );
      },
      { idempotent: false },
    );
    // Polls go to whoever accepted the job: the stand-in's provider, model and key when the fallback served.
    await recordAccepted(
      deps.db,
      id,
      {
        upstreamTaskId: submitted.value.upstreamTaskId,
        keyId,
        provider: submitted.provider.name,
        upstreamModel: submitted.upstreamModel,
      },
      now(),
    );
  } catch (err) {
    await recordSubmitFailure(deps.db, id, err, "the provider did not accept the task", now());
    throw err;
  }
  return (await findTask(deps.db, id))!;
}
