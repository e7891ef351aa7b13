// Accepting Midjourney jobs: each row is pinned to a managed Discord account before the proxy is called (acceptTask),
// an imagine to the account with the most free slots, a button action to the account and proxy key of its parent.
import type { UpstreamTaskRow } from "@waule/db/gateway";
import { AppError } from "@waule/shared/errors";
import type { InternalMidjourneyActionRequest, InternalMidjourneyImagineRequest } from "@waule/shared/midjourney";
import { callCapability } from "../calls/capability-call";
import { createDiscordAccounts } from "../discord-accounts/repository";
import { MIDJOURNEY_PROVIDER, midjourneyProvider } from "../providers/midjourney";
import type { MidjourneyCapability, ProviderContext, ProviderKeyUse, TaskSubmitted } from "../providers/types";
import { acceptTask } from "../tasks/accept";
import { keyForPoll } from "../tasks/poll-key";
import { findByServerTask, insertUpstreamTask } from "../tasks/repository";
import type { TaskKindDeps } from "../tasks/types";
import { chooseAccount, openJobsByAccount } from "./accounts";

export type MidjourneySubmits = {
  imagine(req: InternalMidjourneyImagineRequest): Promise<UpstreamTaskRow>;
  /**
   * Presses a button of a finished job, on the same Discord account and proxy key as that job. Actions do not wait
   * for a free slot: only that account can press the button, and the proxy queues it behind its running jobs.
   */
  action(req: InternalMidjourneyActionRequest): Promise<UpstreamTaskRow>;
};

type Job = InternalMidjourneyImagineRequest | InternalMidjourneyActionRequest;

export function createMidjourneySubmits(deps: TaskKindDeps): MidjourneySubmits {
  const accounts = createDiscordAccounts({
    db: deps.db,
    clock: deps.clock,
    ids: deps.ids,
    encryptionKey: deps.config.encryptionKey,
  });
  /**
   * Choosing an account and inserting the row that occupies its slot happen under one in-process lock, so two
   * concurrent submits cannot both take an account's last slot (one gateway process owns the Midjourney accounts).
   */
  let lock: Promise<unknown> = Promise.resolve();
  function exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = lock.then(run, run);
    lock = next.catch(() => {});
    return next;
  }

  function insertRow(req: Job, id: string, accountId: string): Promise<UpstreamTaskRow | null> {
    return insertUpstreamTask(
      deps.db,
      {
        id,
        tenantId: req.tenantId,
        serverTaskId: req.serverTaskId,
        capability: "midjourney",
        provider: MIDJOURNEY_PROVIDER,
        model: req.model,
        upstreamModel: req.model,
        accountId,
        storageMode: req.storage.mode,
      },
      deps.clock.now(),
    );
  }

  /** The proxy call, logged; with `key` on that key only, else the pool's midjourney keys in turn. */
  async function send(
    row: UpstreamTaskRow,
    signal: AbortSignal,
    submit: (jobs: MidjourneyCapability, ctx: ProviderContext) => Promise<TaskSubmitted>,
    key?: ProviderKeyUse,
  ) {
    let keyId: string | null = key?.id ?? null;
    const { value } = await callCapability(
      deps,
      "midjourney",
      {
        tenantId: row.tenantId,
        requestId: row.serverTaskId,
        // Named, so an operator's own model id for Midjourney still reaches the proxy.
        route: { model: row.model, provider: MIDJOURNEY_PROVIDER },
        idempotent: false,
        key,
        signal,
      },
      ({ capability, ctx }) => {
        keyId = ctx.key.id;
        return submit(capability, ctx);
      },
    );
    return { upstreamTaskId: value.upstreamTaskId, keyId };
  }

  return {
    imagine: (req) =>
      acceptTask(deps, req, {
        refusal: "midjourney: the proxy did not accept the task",
        insert: (id) =>
          exclusive(async () => {
            const account = chooseAccount(await accounts.listUsable(), await openJobsByAccount(deps.db));
            return insertRow(req, id, account.channelId);
          }),
        submit: (row, signal) =>
          send(row, signal, (jobs, ctx) =>
            jobs.imagine(
              {
                prompt: req.prompt,
                base64Array: req.referenceImages,
                accountFilter: { instanceId: row.accountId! },
                state: req.serverTaskId,
              },
              ctx,
            ),
          ),
      }),

    action(req) {
      let parentKey: ProviderKeyUse;
      let parentJobId: string;
      return acceptTask(deps, req, {
        refusal: "midjourney: the proxy did not accept the task",
        async insert(id) {
          const parent = await findByServerTask(deps.db, req.tenantId, req.parentServerTaskId);
          if (parent?.capability !== "midjourney")
            throw new AppError("not_found", `midjourney task ${req.parentServerTaskId} not found`);
          if (parent.status !== "succeeded" || !parent.upstreamTaskId || !parent.accountId) {
            throw new AppError("invalid_request", "only a finished Midjourney task's buttons can be pressed");
          }
          if (!parent.buttons?.some((b) => b.customId === req.customId))
            throw new AppError("invalid_request", "custom_id is not one of the task's buttons");
          const accountId = parent.accountId;
          if (!(await accounts.listUsable()).some((a) => a.channelId === accountId)) {
            throw new AppError(
              "upstream_unavailable",
              "midjourney: the Discord account that made this image is no longer enabled",
            );
          }
          // The proxy that holds the parent job must take the action: the parent's key, even if disabled since.
          parentKey = await keyForPoll(deps.db, deps.config.encryptionKey, midjourneyProvider, parent.keyId);
          parentJobId = parent.upstreamTaskId;
          return insertRow(req, id, accountId);
        },
        submit: (row, signal) =>
          send(
            row,
            signal,
            (jobs, ctx) =>
              jobs.action(
                {
                  taskId: parentJobId,
                  customId: req.customId,
                  accountFilter: { instanceId: row.accountId! },
                  state: req.serverTaskId,
                },
                ctx,
              ),
            parentKey,
          ),
      });
    },
  };
}
