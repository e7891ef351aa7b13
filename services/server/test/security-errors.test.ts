// Error answers never carry secrets: a gateway answering garbage or leaky errors, bad input and internal failures all answer plain JSON errors.
import { afterEach, describe, expect, test } from "bun:test";
import { type Stack, startStack } from "./support/stack";

const PROVIDER_KEY = "sk-provider-live-0123456789abcdefSECRET";
const S3_SECRET = "s3-secret-access-key-ABCDEFGHIJ0123";
const STACK_TRACE = "Error: boom\n    at handler (/srv/gateway/src/app.ts:12:5)";

let stack: Stack | null = null;
let fakeGateway: ReturnType<typeof Bun.serve> | null = null;
afterEach(async () => {
  fakeGateway?.stop(true);
  fakeGateway = null;
  await stack?.stop();
  stack = null;
});

/** A gateway that answers every call with `answer()`: garbage, an HTML page, or a JSON error stuffed with secrets. */
async function stackWithGateway(answer: () => Response) {
  fakeGateway = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: answer });
  stack = await startStack({ gatewayUrl: `http://127.0.0.1:${fakeGateway.port}` });
  return stack;
}

function secretsOf(s: Stack, apiKey: string) {
  return [
    s.config.INTERNAL_SECRET,
    s.config.JWT_SECRET,
    s.config.CONFIG_ENCRYPTION_KEY,
    apiKey,
    PROVIDER_KEY,
    S3_SECRET,
    "at handler",
    "/srv/gateway",
    "Traceback",
  ];
}

const calls = [
  { path: "/api/v1/images/generations", body: { model: "sandbox-image", prompt: "x" } },
  { path: "/api/v1/chat/completions", body: { model: "sandbox-chat", messages: [{ role: "user", content: "hi" }] } },
  {
    path: "/api/v1/chat/completions",
    body: { model: "sandbox-chat", stream: true, messages: [{ role: "user", content: "hi" }] },
  },
  { path: "/api/v1/audio/speech", body: { model: "sandbox-tts", input: "hello", voice: "alloy" } },
  {
    path: "/api/v1/videos/generations",
    body: { model: "sandbox-video", prompt: "x", duration: 4, resolution: "720p" },
  },
];

async function expectNoSecretsInErrors(s: Stack) {
  const { apiKey } = await s.createTenant(1_000);
  const secrets = secretsOf(s, apiKey);
  for (const call of calls) {
    const res = await s.app.request(call.path, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(call.body),
    });
    const text = await res.text();
    // A task submit without a usable answer is not a refusal (the gateway may have started the job): the task stays
    // queued for the runner to resubmit, so the answer is 202; every other call fails.
    const answered =
      call.path === "/api/v1/videos/generations"
        ? res.status === 202 && (JSON.parse(text) as { status: string }).status === "queued"
        : res.status >= 400 || text.includes("error");
    expect({ path: call.path, answered }).toEqual({ path: call.path, answered: true });
    expect({ path: call.path, leaked: secrets.find((secret) => text.includes(secret)) ?? null }).toEqual({
      path: call.path,
      leaked: null,
    });
  }
}

describe("no secrets in error answers", () => {
  test("a gateway answering an HTML error page with a stack trace and keys", async () => {
    await expectNoSecretsInErrors(
      await stackWithGateway(
        () =>
          new Response(`<html><pre>${STACK_TRACE}\nkey=${PROVIDER_KEY} s3=${S3_SECRET}</pre></html>`, {
            status: 500,
            headers: { "content-type": "text/html" },
          }),
      ),
    );
  });

  test("a gateway answering 200 with garbage", async () => {
    await expectNoSecretsInErrors(
      await stackWithGateway(
        () =>
          new Response(`{"not":"what you expected","debug":"${PROVIDER_KEY}"}`, {
            headers: { "content-type": "application/json" },
          }),
      ),
    );
  });

  test("a gateway answering an internal_error JSON whose message holds secrets and a stack", async () => {
    await expectNoSecretsInErrors(
      await stackWithGateway(() =>
        Response.json(
          { error: { code: "internal_error", message: `${STACK_TRACE} provider key ${PROVIDER_KEY} s3 ${S3_SECRET}` } },
          { status: 500 },
        ),
      ),
    );
  });

  test("bad input, bad credentials and unknown routes answer JSON errors with no secrets", async () => {
    const s = await stackWithGateway(() => new Response("unused"));
    const { apiKey } = await s.createTenant(10);
    const secrets = secretsOf(s, apiKey);
    const answers = [
      await s.app.request("/api/v1/images/generations", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: "{not json",
      }),
      await s.app.request("/api/v1/images/generations", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}x`, "content-type": "application/json" },
        body: "{}",
      }),
      await s.app.request("/api/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ apiKey, username: "nobody", password: "whatever!" }),
      }),
      await s.app.request("/api/v1/me", { headers: { authorization: `Bearer ${apiKey.slice(0, -2)}` } }),
      await s.app.request(`/api/v1/tasks/${apiKey}`, {
        headers: { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.bad" },
      }),
      await s.app.request("/api/v1/nowhere", { headers: { authorization: `Bearer ${apiKey}` } }),
    ];
    for (const res of answers) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(typeof body.error.code).toBe("string");
      expect(secrets.find((secret) => JSON.stringify(body).includes(secret)) ?? null).toBeNull();
    }
  });

  test("an internal failure (the database gone) answers 500 internal_error without the cause", async () => {
    const s = await stackWithGateway(() => new Response("unused"));
    const { apiKey } = await s.createTenant(10);
    s.db.$client.close();
    const res = await s.app.request("/api/v1/me", { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "internal_error", message: "internal error" } });
  });
});
