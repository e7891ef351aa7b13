// Accepting a video job: its row names the provider that serves the model, then the provider's video submit.
import type { UpstreamTaskRow } from "@waule/db/gateway";
import type { InternalVideoRequest } from "@waule/shared/videos";
import { callCapability } from "../calls/capability-call";
import type { VideoInput } from "../providers/types";
import { acceptTask } from "../tasks/accept";
import { insertUpstreamTask } from "../tasks/repository";
import type { TaskKindDeps } from "../tasks/types";

export function submitVideo(deps: TaskKindDeps, req: InternalVideoRequest): Promise<UpstreamTaskRow> {
  return acceptTask(deps, req, {
    refusal: "the provider did not accept the task",
    async insert(id) {
      const { provider, upstreamModel } = await deps.providers.resolve("video", req);
      return insertUpstreamTask(
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
        deps.clock.now(),
      );
    },
    async submit(_row, signal) {
      let keyId: string | null = null;
      // Keyless providers (sandbox, sora through its proxy setting), the pool's keys in turn, and the catalogue's
      // stand-in model when every key of the first one failed retryably; never a second try after an unclear answer.
      const submitted = await callCapability(
        deps,
        "video",
        { tenantId: req.tenantId, requestId: req.serverTaskId, route: req, idempotent: false, signal },
        ({ capability, ctx, upstreamModel }) => {
          keyId = ctx.key.id;
          return capability.submit(videoInput(req, upstreamModel), ctx);
        },
      );
      // Polls go to whoever accepted the job: the stand-in's provider, model and key when the fallback served.
      return {
        upstreamTaskId: submitted.value.upstreamTaskId,
        keyId,
        provider: submitted.provider.name,
        upstreamModel: submitted.upstreamModel,
      };
    },
  });
}

function videoInput(req: InternalVideoRequest, model: string): VideoInput {
  return {
    model,
    prompt: req.prompt,
    firstFrame: req.firstFrame,
    lastFrame: req.lastFrame,
    durationSeconds: req.durationSeconds,
    resolution: req.resolution,
    ratio: req.ratio,
    seed: req.seed,
  };
}
