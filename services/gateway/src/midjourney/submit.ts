// Accepting Midjourney jobs: the row is written (pinned to a Discord account) before the proxy is called, like video
// submits, so a crash leaves a row the poller fails instead of an unknown job; a resubmit of a server task finds its row.
import type { UpstreamTaskRow } from "@waule/db/gateway";
import { AppError } from "@waule/shared/errors";
import type { InternalMidjourneyActionRequest, InternalMidjourneyImagineRequest } from "@waule/shared/midjourney";
import { createDiscordAccounts } from "../discord-accounts/repository";
import { withKeyFailover } from "../keys/failover";
import { createMidjourneyClient, MIDJOURNEY_PROVIDER, type MidjourneySubmitted } from "../providers/midjourney";
import type { ProviderKeyUse } from "../providers/types";
import { logUpstreamCall } from "../request-log/request-log";
import { isSafeSegment } from "../storage/keys";
import { keyForPoll } from "../tasks/poll-key";
import {
  findByServerTask,
  findTask,
  insertUpstreamTask,
  recordAccepted,
  recordSubmitFailure,
} from "../tasks/repository";
import type { TaskEngineDeps } from "../tasks/types";
import { chooseAccount, openJobsByAccount } from "./accounts";
import { midjourneyKeyed } from "./upstream";

export type MidjourneyTasks = {
  imagine(req: InternalMidjourneyImagineRequest): Promise<UpstreamTaskRow>;
  /**
   * Presses a button of a finished job, on the same Discord account and proxy key as that job. Actions do not wait
   * for a free slot: only that account can press the button, and the proxy queues it behind its running jobs.
   */
  action(req: InternalMidjourneyActionRequest): Promise<UpstreamTaskRow>;
};

export function createMidjourneyTasks(deps: TaskEngineDeps): MidjourneyTasks {
  const client = createMidjourneyClient();
  const accounts = createDiscordAccounts({
    db: deps.db,
    clock: deps.clock,
    ids: deps.ids,
    encryptionKey: deps.encryptionKey,
  });
  const now = () => deps.clock.now();
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

  function insertRow(
    req: InternalMidjourneyImagineRequest | InternalMidjourneyActionRequest,
    accountId: string,
  ): Promise<UpstreamTaskRow | null> {
    return insertUpstreamTask(
      deps.db,
      {
        id: deps.ids.make("gt"),
        tenantId: req.tenantId,
        serverTaskId: req.serverTaskId,
        capability: "midjourney",
        provider: MIDJOURNEY_PROVIDER,
        model: req.model,
        upstreamModel: req.model,
        accountId,
        storageMode: req.storage.mode,
      },
      now(),
    );
  }

  async function send(
    row: UpstreamTaskRow,
    key: ProviderKeyUse,
    call: (key: ProviderKeyUse) => Promise<MidjourneySubmitted>,
    keyed: boolean,
  ): Promise<UpstreamTaskRow> {
    let keyId: string | null = key.id;
    const logged = (k: ProviderKeyUse) => {
      keyId = k.id;
      return logUpstreamCall(
        deps,
        {
          tenantId: row.tenantId,
          requestId: row.serverTaskId,
          capability: "image",
          provider: MIDJOURNEY_PROVIDER,
          model: row.model,
          keyId: k.id,
        },
        () => call(k),
      );
    };
    try {
      let submitted: MidjourneySubmitted;
      if (keyed) submitted = await logged(key);
      else if (!deps.keys) throw new AppError("upstream_unavailable", "midjourney: no key pool is configured");
      else submitted = await withKeyFailover(deps.keys, MIDJOURNEY_PROVIDER, logged, { idempotent: false });
      await recordAccepted(deps.db, row.id, { upstreamTaskId: submitted.taskId, keyId }, now());
    } catch (err) {
      await recordSubmitFailure(deps.db, row.id, err, "midjourney: the proxy did not accept the task", now());
      throw err;
    }
    return (await findTask(deps.db, row.id))!;
  }

  function checkTenant(tenantId: string): void {
    if (!isSafeSegment(tenantId))
      throw new AppError("invalid_request", "tenantId may only contain letters, digits, '.', '_' and '-'");
  }

  return {
    async imagine(req) {
      checkTenant(req.tenantId);
      const existing = await findByServerTask(deps.db, req.tenantId, req.serverTaskId);
      if (existing) return existing;
      const row = await exclusive(async () => {
        const account = chooseAccount(await accounts.listUsable(), await openJobsByAccount(deps.db));
        return insertRow(req, account.channelId);
      });
      if (!row) return (await findByServerTask(deps.db, req.tenantId, req.serverTaskId))!;
      const input = {
        prompt: req.prompt,
        base64Array: req.referenceImages,
        accountFilter: { instanceId: row.accountId! },
        state: req.serverTaskId,
      };
      return send(
        row,
        { id: null, secret: "" },
        (key) => client.imagine(input, { key, fetch: deps.fetch, clock: deps.clock }),
        false,
      );
    },

    async action(req) {
      checkTenant(req.tenantId);
      const existing = await findByServerTask(deps.db, req.tenantId, req.serverTaskId);
      if (existing) return existing;
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
      const key = await keyForPoll(deps.db, deps.encryptionKey, midjourneyKeyed, parent.keyId);
      const row = await insertRow(req, accountId);
      if (!row) return (await findByServerTask(deps.db, req.tenantId, req.serverTaskId))!;
      const input = {
        taskId: parent.upstreamTaskId,
        customId: req.customId,
        accountFilter: { instanceId: accountId },
        state: req.serverTaskId,
      };
      return send(row, key, (k) => client.action(input, { key: k, fetch: deps.fetch, clock: deps.clock }), true);
    },
  };
}
