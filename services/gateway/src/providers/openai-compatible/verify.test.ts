import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type OpenAIFake, openAIError, startOpenAIFake } from "../../../test/fakes/openai.ts";
import { closedPortUrl } from "../../../test/support/closed-port.ts";
import type { ProviderContext } from "../types.ts";
import type { UpstreamError } from "../upstream-error.ts";
import { createOpenAICompatibleProvider } from "./index.ts";

let fake: OpenAIFake;
beforeAll(() => {
  fake = startOpenAIFake();
});
afterAll(() => fake.stop());

const ctx = (baseUrl: string | null = null): ProviderContext => ({
  key: { id: "k1", secret: "sk-live-1", baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const verify = () =>
  createOpenAICompatibleProvider({ name: "deepseek", defaultBaseUrl: fake.baseUrl, capabilities: ["chat"] }).verifyKey!;
const failureOf = (p: Promise<void>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as UpstreamError,
  );

describe("openai-compatible key check", () => {
  test("lists models at the provider's base URL with the bearer key", async () => {
    fake.enqueue({ status: 200, json: { object: "list", data: [] } });
    const from = fake.requests.length;
    await verify()(ctx());
    expect(fake.requests.slice(from).map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ["GET", "/v1/models", "Bearer sk-live-1"],
    ]);
  });

  test("a 401 invalid_api_key fails with the provider's name and status 401", async () => {
    fake.enqueue(openAIError(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key"));
    const err = await failureOf(verify()(ctx()));
    expect([err.failure.provider, err.failure.status, err.failure.upstreamCode]).toEqual([
      "deepseek",
      401,
      "invalid_api_key",
    ]);
  });

  test("an unreachable upstream fails as a network error", async () => {
    const err = await failureOf(verify()(ctx(`${await closedPortUrl()}/v1`)));
    expect([err.failure.status, err.code]).toEqual([0, "upstream_timeout"]);
  });
});
