// Which Discord account takes a new Midjourney job: an enabled one with a free slot (open jobs < coreSize).
import type { GatewayDb } from "@waule/db/connect";
import { upstreamTasks } from "@waule/db/gateway";
import { AppError } from "@waule/shared/errors";
import { and, count, eq, inArray, isNotNull } from "drizzle-orm";
import type { UsableDiscordAccount } from "../discord-accounts/repository";
import { OPEN_STATUSES } from "../tasks/repository";

/** Open Midjourney jobs per pinned account instance (channel id). */
export async function openJobsByAccount(db: GatewayDb): Promise<Map<string, number>> {
  const rows = await db
    .select({ accountId: upstreamTasks.accountId, n: count() })
    .from(upstreamTasks)
    .where(
      and(
        eq(upstreamTasks.capability, "midjourney"),
        inArray(upstreamTasks.status, [...OPEN_STATUSES]),
        isNotNull(upstreamTasks.accountId),
      ),
    )
    .groupBy(upstreamTasks.accountId);
  return new Map(rows.map((r) => [r.accountId!, r.n]));
}

/**
 * The account with the most free slots (the oldest first among equals). When every account is full the job is
 * refused as upstream_quota rather than queued here: the server then refunds it at once, and the tenant retries.
 */
export function chooseAccount(
  accounts: readonly UsableDiscordAccount[],
  open: ReadonlyMap<string, number>,
): UsableDiscordAccount {
  if (accounts.length === 0)
    throw new AppError(
      "upstream_unavailable",
      "midjourney: no enabled Discord account is configured (POST /api/discord-accounts)",
    );
  let best: UsableDiscordAccount | null = null;
  let bestFree = 0;
  for (const account of accounts) {
    const free = account.coreSize - (open.get(account.channelId) ?? 0);
    if (free > bestFree) {
      best = account;
      bestFree = free;
    }
  }
  if (!best) throw new AppError("upstream_quota", "midjourney: every Discord account is busy; try again shortly");
  return best;
}
