// A sync chat call's hold commits without waiting for its own fsync; the call is answered only after its settle or
// release, a durable commit (whose fsync makes the hold durable too). Other calls keep a durable hold.
import { afterEach, describe, expect, test } from "bun:test";
import { postImages, type Stack, startStack } from "./support/stack";

const stacks: Stack[] = [];
afterEach(async () => {
  for (const s of stacks.splice(0)) await s.stop();
});
async function stackWith(sandboxFailureRate = 0) {
  const stack = await startStack({ sandboxFailureRate });
  stacks.push(stack);
  return stack;
}
const chat = (stack: Stack, key: string) =>
  stack.app.request("/api/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "sandbox-chat", messages: [{ role: "user", content: "hello" }] }),
  });

/** The commits a call made, and how many of them were fsynced, from the group commit's counters. */
async function commitsOf(stack: Stack, call: () => Response | Promise<Response>) {
  const before = { ...stack.db.$sql.counts };
  const res = await call();
  const after = stack.db.$sql.counts;
  return {
    status: res.status,
    commits: after.commits - before.commits,
    durable: after.durableCommits - before.durableCommits,
  };
}

describe("a chat call's hold and its close", () => {
  test("answered: two commits, the last (the settle) fsynced before the answer", async () => {
    const stack = await stackWith();
    const { apiKey } = await stack.createTenant(100);
    expect(await commitsOf(stack, () => chat(stack, apiKey))).toEqual({ status: 200, commits: 2, durable: 1 });
    const holds = await stack.db.$client.execute("SELECT status FROM credit_holds");
    expect(holds.rows.map((r) => r.status)).toEqual(["settled"]);
  });

  test("failed upstream: the release is the fsynced commit before the error answer", async () => {
    const stack = await stackWith(1);
    const { apiKey } = await stack.createTenant(100);
    const { status, ...commits } = await commitsOf(stack, () => chat(stack, apiKey));
    expect(status).toBeGreaterThanOrEqual(500);
    expect(commits).toEqual({ commits: 2, durable: 1 });
    const holds = await stack.db.$client.execute("SELECT status FROM credit_holds");
    expect(holds.rows.map((r) => r.status)).toEqual(["released"]);
  });

  test("an image call (not opted in) keeps both of its commits durable", async () => {
    const stack = await stackWith();
    const { apiKey } = await stack.createTenant(100);
    const res = await commitsOf(stack, () =>
      postImages(stack, apiKey, { model: "sandbox-image", prompt: "a", size: "64x64" }),
    );
    expect(res).toEqual({ status: 200, commits: 2, durable: 2 });
  });
});
