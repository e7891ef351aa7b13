// Per-model task deadlines: a model's pricing JSON `deadlineSeconds` wins over VIDEO_TASK_DEADLINE_SECONDS.
import { afterEach, expect, test } from "bun:test";
import { models, tasks } from "@waule/db/server";
import { eq } from "drizzle-orm";
import { api, ledgerOfHold, startTaskStack, T0, type TaskStack } from "./support/task-stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: TaskStack;
afterEach(async () => {
  await stack.stop();
});

async function taskRow(id: string) {
  return (await stack.db.select().from(tasks).where(eq(tasks.id, id)))[0]!;
}

test("a model with a short deadline fails and is refunded while another model's task keeps running to success", async () => {
  // Sandbox videos take 4 steps of a minute: longer than the quick model allows, well within the default 30 minutes.
  stack = await startTaskStack({ video: { stepMs: 60_000 } });
  await stack.db.insert(models).values({
    id: "quick-video",
    capability: "video",
    provider: "sandbox",
    upstreamModel: "sandbox-video",
    displayName: "Quick video",
    priceUnit: "per_second",
    price: 5,
    pricing: { deadlineSeconds: 90 },
    createdAt: new Date(T0),
  });
  const { tenant, apiKey } = await stack.createTenant(100);
  const submit = async (model: string) => {
    const res = await api(stack, apiKey, "POST", "/videos/generations", {
      model,
      prompt: "a slow sunrise",
      duration: 2,
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };
  const quick = await submit("quick-video");
  const regular = await submit("sandbox-video");
  expect((await taskRow(quick)).deadlineAt.getTime()).toBe(T0 + 90_000);
  expect((await taskRow(regular)).deadlineAt.getTime()).toBe(T0 + 30 * 60_000);
  expect((await balanceAndLedgerSum(stack.db, tenant.id)).balance).toBe(80);

  await stack.step(60_000);
  expect((await taskRow(quick)).status).toBe("running");
  await stack.step(31_000); // 91 s: past the quick model's deadline only
  const failed = await taskRow(quick);
  expect(failed).toMatchObject({ status: "failed", chargedCredits: 0, error: { code: "upstream_timeout" } });
  expect(await ledgerOfHold(stack.db, failed.holdId)).toEqual([
    { kind: "hold", amount: -10 },
    { kind: "release", amount: 10 },
  ]);
  expect((await taskRow(regular)).status).toBe("running");
  expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 90, ledgerSum: 90 });

  for (let i = 0; i < 4 && (await taskRow(regular)).status === "running"; i++) await stack.step(60_000);
  const done = await taskRow(regular);
  expect(done).toMatchObject({ status: "succeeded", chargedCredits: 10 });
  expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 90, ledgerSum: 90 });
});

test("a task slot is held until past the model's deadline, even when that is longer than the default lease", async () => {
  stack = await startTaskStack({ video: { stepMs: 24 * 60 * 60 * 1000 }, serverEnv: { MAX_CONCURRENT_TASKS: "1" } });
  await stack.db.insert(models).values({
    id: "slow-video",
    capability: "video",
    provider: "sandbox",
    upstreamModel: "sandbox-video",
    displayName: "Slow video",
    priceUnit: "per_second",
    price: 5,
    pricing: { deadlineSeconds: 10 * 60 * 60 },
    createdAt: new Date(T0),
  });
  const { apiKey } = await stack.createTenant(100);
  const submit = () =>
    api(stack, apiKey, "POST", "/videos/generations", {
      model: "slow-video",
      prompt: "a very slow sunrise",
      duration: 2,
    });
  const first = await submit();
  expect(first.status).toBe(202);
  const { id } = (await first.json()) as { id: string };

  // 9 hours on, the first task still runs well within its 10-hour deadline: its slot is still taken.
  stack.clock.advance(9 * 60 * 60 * 1000);
  const refused = await submit();
  expect(refused.status).toBe(429);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  expect((await taskRow(id)).status).toBe("queued");
  expect(await stack.db.select().from(tasks)).toHaveLength(1);
});
