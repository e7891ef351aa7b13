// An upstream that echoes the provider key in its error text: the key never reaches the gateway's answer.
import { afterEach, expect, test } from "bun:test";
import { sequentialIds } from "@waule/shared/clock";
import { createKeyRepository } from "../src/keys/repository";
import { UpstreamError } from "../src/providers/upstream-error";
import { startTestGateway, type TestGateway } from "./support/gateway";

const PROVIDER_KEY = "sk-echo-live-0123456789abcdefSECRET";
let gw: TestGateway;
afterEach(async () => {
  await gw.stop();
});

test("an upstream error quoting the key answers with the key cut out, for a refusal and for an outage", async () => {
  gw = await startTestGateway();
  await createKeyRepository({
    db: gw.db,
    clock: gw.clock,
    ids: sequentialIds("kx"),
    encryptionKey: gw.config.encryptionKey,
  }).create({ provider: "echoer", name: "main", secret: PROVIDER_KEY });
  const seen: string[] = [];
  let status = 400;
  gw.deps.providers.register(
    {
      name: "echoer",
      requiresKey: true,
      image: {
        async generate(_input, ctx) {
          seen.push(ctx.key.secret);
          throw new UpstreamError({
            provider: "echoer",
            status,
            message: `Incorrect API key provided: ${ctx.key.secret}. Find your key at …`,
          });
        },
      },
    },
    { models: ["echo-image"] },
  );
  for (const answer of [400, 500]) {
    status = answer;
    const res = await gw.signedPost("/internal/v1/images/generations", {
      tenantId: "t1",
      requestId: `r${answer}`,
      model: "echo-image",
      prompt: "p",
      n: 1,
      width: 64,
      height: 64,
    });
    const text = await res.text();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(text).not.toContain(PROVIDER_KEY);
    expect(text).toContain("Incorrect API key provided: [redacted]");
  }
  // The provider did get the real key: only the answer is cleaned.
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((k) => k === PROVIDER_KEY)).toBe(true);
});
