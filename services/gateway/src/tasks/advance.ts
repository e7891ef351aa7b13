// One step of an unfinished upstream task: ask the provider, record progress, or store the result and end it.
import type { UpstreamTaskRow } from "@waule/db/gateway";
import { AppError, isErrorCode } from "@waule/shared/errors";
import type { StorageTarget } from "@waule/shared/images";
import type { CallContext } from "../calls/context";
import type { TaskPoll } from "../providers/types";
import { UpstreamError } from "../providers/upstream-error";
import { copyMediaToStorage } from "../storage/copy-media";
import { storageForTarget } from "../storage/targets";
import { keyForPoll } from "./poll-key";
import { finishTask, isOpen, recordPollFailure, recordProgress } from "./repository";
import type { TaskEngineOptions, TaskKind } from "./types";

/**
 * `target` is the task's storage target when the caller knows it. A CUSTOM task without one is not
 * polled at all: its result could not be stored, and the gateway keeps no tenant credentials to do it later.
 * Returns whether anything was asked of the upstream.
 */
export async function advanceTask(
  deps: CallContext,
  kind: TaskKind | undefined,
  options: Required<TaskEngineOptions>,
  row: UpstreamTaskRow,
  target: StorageTarget | undefined,
): Promise<void> {
  if (!isOpen(row)) return;
  const now = deps.clock.now();
  const fail = (code: string, message: string) =>
    finishTask(deps.db, row.id, { status: "failed", error: { code, message } }, now);
  if (now - row.createdAt.getTime() > options.maxAgeMs) {
    await fail(
      "upstream_timeout",
      `the provider did not finish the task within ${Math.round(options.maxAgeMs / 60_000)} minutes`,
    );
    return;
  }
  if (!row.upstreamTaskId) {
    // The submit is still in flight (or its gateway stopped mid-call); give it time before giving up.
    if (now - row.createdAt.getTime() > options.submitGraceMs)
      await fail("upstream_unavailable", "the submission to the provider was interrupted");
    return;
  }
  if (row.storageMode === "CUSTOM" && target?.mode !== "CUSTOM") return;
  const provider = deps.providers.get(row.provider);
  const poller = provider && kind?.pollerOf(provider);
  if (!provider || !poller) {
    await fail("upstream_unavailable", `provider "${row.provider}" can no longer poll ${row.capability} tasks`);
    return;
  }

  let key: Awaited<ReturnType<typeof keyForPoll>>;
  try {
    key = await keyForPoll(deps.db, deps.config.encryptionKey, provider, row.keyId);
  } catch (err) {
    // Only the submitting account can read the job back; without its key the task cannot end well.
    await fail("upstream_unavailable", err instanceof Error ? err.message : String(err));
    return;
  }
  let poll: TaskPoll;
  try {
    poll = await poller(row.upstreamTaskId, { key, fetch: deps.fetch, clock: deps.clock });
  } catch (err) {
    if (err instanceof UpstreamError && !err.retryable) {
      await fail(err.code, err.message);
      return;
    }
    // An outage or a timeout: the job may still be running upstream; try again next time.
    await recordPollFailure(deps.db, row, now);
    return;
  }

  if (poll.status === "failed") {
    await fail(isErrorCode(poll.code) ? poll.code : "upstream_unavailable", poll.message);
    return;
  }
  if (poll.status !== "succeeded") {
    await recordProgress(deps.db, row, poll.status, poll.progress ?? row.progress, now);
    return;
  }
  if (poll.files.length === 0) {
    await fail("upstream_unavailable", `${row.provider} finished the ${row.capability} task without a result file`);
    return;
  }
  try {
    const storage = storageForTarget(target ?? { mode: "PLATFORM" }, deps.storage, deps.config);
    const atMs = deps.clock.now();
    const files = [];
    for (const media of poll.files) {
      files.push(
        await copyMediaToStorage(media, {
          storage,
          fetch: deps.fetch,
          tenantId: row.tenantId,
          id: deps.ids.make("file"),
          atMs,
          provider: row.provider,
        }),
      );
    }
    await finishTask(
      deps.db,
      row.id,
      { status: "succeeded", files, ...(poll.buttons ? { buttons: poll.buttons } : {}) },
      deps.clock.now(),
    );
  } catch (err) {
    // A refused download (404, 403) will not get better; anything else is retried on the next poll.
    if (err instanceof UpstreamError && !err.retryable) await fail(err.code, err.message);
    else if (err instanceof AppError && err.code === "invalid_request") await fail("upstream_unavailable", err.message);
    else await recordPollFailure(deps.db, row, now);
  }
}
