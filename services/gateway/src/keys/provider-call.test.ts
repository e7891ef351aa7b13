import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { providerKeys } from "@waule/db/gateway";
import { manualClock, sequentialIds } from "@waule/shared/clock";
import { createProviderRegistry } from "../providers/registry";
import type { ImageInput, Provider, ProviderKeyUse } from "../providers/types";
import { UpstreamError } from "../providers/upstream-error";
import { createKeyPool } from "./pool";
import { callProvider } from "./provider-call";
import { createKeyRepository } from "./repository";
import { openTempGatewayDb, testEncryptionKey } from "./temp-db";

let env: Awaited<ReturnType<typeof openTempGatewayDb>>;
const clock = manualClock(1_700_000_000_000);

beforeEach(async () => {
  env = await openTempGatewayDb();
});
afterEach(async () => env.close());

/** A provider whose "pro" model is rate limited on every key while "lite" works; records each attempt. */
function scriptedProvider(name: string, calls: string[]): Provider {
  return {
    name,
    requiresKey: true,
    image: {
      async generate(input: ImageInput, ctx: { key: ProviderKeyUse }) {
        calls.push(`${input.model} with ${ctx.key.secret}`);
        if (input.model === "pro")
          throw new UpstreamError({ provider: name, status: 429, message: "rate limited", retryAfterSeconds: 30 });
        if (input.model === "bad") throw new UpstreamError({ provider: name, status: 400, message: "bad prompt" });
        return { images: [{ kind: "bytes", data: new Uint8Array([1]), mimeType: "image/png" }] };
      },
    },
  };
}

async function setup(fallbacks: Record<string, { model: string; provider?: string }>) {
  const calls: string[] = [];
  const providers = createProviderRegistry({ hasProviderKeys: async () => true, modelFallbacks: fallbacks });
  providers.register(scriptedProvider("acme", calls), { models: ["pro", "lite", "bad"] });
  const repo = createKeyRepository({ db: env.db, clock, ids: sequentialIds("pk_"), encryptionKey: testEncryptionKey });
  await repo.create({ provider: "acme", name: "one", secret: "sk-one" });
  await repo.create({ provider: "acme", name: "two", secret: "sk-two" });
  const keys = createKeyPool({ db: env.db, clock, random: () => 0, config: { encryptionKey: testEncryptionKey } });
  const run = (model: string) =>
    callProvider({ providers, keys }, "image", { model }, ({ provider, upstreamModel }, key) =>
      provider.image!.generate(
        { model: upstreamModel, prompt: "p", n: 1, width: 64, height: 64 },
        { key, fetch, clock },
      ),
    );
  return { calls, run };
}

describe("callProvider", () => {
  test("when every key of the model is rate limited, the configured stand-in model serves and is reported", async () => {
    const { calls, run } = await setup({ pro: { model: "lite" } });
    const result = await run("pro");
    expect([result.provider.name, result.upstreamModel, result.fellBack]).toEqual(["acme", "lite", true]);
    // Both keys rate limited on "pro" (and resting), then "lite" on a resting key: the limit was the other model's.
    expect(calls).toEqual(["pro with sk-one", "pro with sk-two", "lite with sk-one"]);
    const rows = await env.db.select().from(providerKeys);
    expect(rows.map((r) => [r.name, r.enabled, r.cooldownUntil?.getTime()])).toEqual([
      ["one", true, clock.now() + 30_000],
      ["two", true, clock.now() + 30_000],
    ]);
  });

  test("without a stand-in the mapped quota error reaches the caller", async () => {
    const { run } = await setup({});
    await expect(run("pro")).rejects.toMatchObject({ code: "upstream_quota" });
  });

  test("a bad request is not retried on another key nor on the stand-in", async () => {
    const { calls, run } = await setup({ bad: { model: "lite" } });
    await expect(run("bad")).rejects.toMatchObject({ code: "upstream_bad_request" });
    expect(calls).toEqual(["bad with sk-one"]);
  });
});
