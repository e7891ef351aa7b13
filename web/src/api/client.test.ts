import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ApiError } from "./api-error";
import { createApiClient } from "./client";

type Seen = { method: string; path: string; auth: string | null; body: unknown };
const seen: Seen[] = [];
let server: ReturnType<typeof Bun.serve>;

function chunk(content: string): string {
  return JSON.stringify({
    id: "c1",
    object: "chat.completion.chunk",
    created: 1,
    model: "sandbox-chat",
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  });
}
function sse(datas: string[]): Response {
  return new Response(datas.map((d) => `data: ${d}\n\n`).join(""), {
    headers: { "content-type": "text/event-stream" },
  });
}
function taskAt(status: string, progress: number) {
  return {
    id: "tsk_1",
    object: "task",
    type: "video",
    model: "sandbox-video",
    status,
    progress,
    result: status === "succeeded" ? { urls: ["https://cdn.test/v.webm"] } : null,
    error: null,
    credits: 25,
    created_at: 1,
    updated_at: progress,
    finished_at: null,
  };
}

beforeAll(() => {
  server = Bun.serve({
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const body = req.method === "POST" ? await req.json() : undefined;
      seen.push({ method: req.method, path: url.pathname + url.search, auth: req.headers.get("authorization"), body });
      switch (url.pathname) {
        case "/api/v1/models":
          return Response.json({
            object: "list",
            data: [
              {
                id: "sandbox-image",
                object: "model",
                waule: { display_name: "Sandbox image", capability: "image", sandbox: true },
              },
              {
                id: "sandbox-chat",
                object: "model",
                waule: { display_name: "Sandbox chat", capability: "chat", sandbox: true },
              },
              { id: "flux", object: "model", waule: { display_name: null, capability: "image", price: 20 } },
            ],
          });
        case "/api/v1/me":
          return Response.json({ tenant: { id: "t1", name: "Demo", credits: 42 }, user: null, auth: "api_key" });
        case "/api/v1/images/generations":
          return Response.json(
            { error: { code: "insufficient_credits", message: "balance 0 < cost 10" } },
            { status: 402 },
          );
        case "/api/v1/chat/completions":
          return sse(
            (body as { model: string }).model === "broken"
              ? [chunk("Hel"), JSON.stringify({ error: { code: "upstream_error", message: "provider went away" } })]
              : [
                  chunk("Hel"),
                  chunk("lo"),
                  JSON.stringify({
                    ...JSON.parse(chunk("")),
                    choices: [],
                    usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
                  }),
                  "[DONE]",
                ],
          );
        case "/api/v1/audio/speech":
          return Response.json({
            url: "https://cdn.test/a.wav",
            mime_type: "audio/wav",
            bytes: 44,
            waule: { request_id: "req_1", credits: 2, sandbox: true },
          });
        case "/api/v1/tasks":
          return Response.json({ data: [taskAt("queued", 0)], page: 1, limit: 10, total: 1 });
        case "/api/v1/tasks/tsk_1/events":
          return new Response(
            `event: task.running\ndata: ${JSON.stringify(taskAt("running", 50))}\n\n: ping\n\nevent: task.succeeded\ndata: ${JSON.stringify(taskAt("succeeded", 100))}\n\n`,
            {
              headers: { "content-type": "text/event-stream" },
            },
          );
        case "/api/v1/usage":
          return Response.json({ data: [{ nope: true }], page: 1, limit: 20, total: 1 });
        default:
          return Response.json({ error: { code: "unauthorized", message: "bad token" } }, { status: 401 });
      }
    },
  });
});
afterAll(() => server.stop(true));

function client(onUnauthorized?: () => void) {
  return createApiClient({ baseUrl: `http://127.0.0.1:${server.port}/`, getToken: () => "jwt-123", onUnauthorized });
}

describe("api client", () => {
  test("sends the bearer token and parses /me with the shared schema", async () => {
    seen.length = 0;
    const me = await client().me();
    expect(me.tenant.credits).toBe(42);
    expect(seen).toEqual([{ method: "GET", path: "/api/v1/me", auth: "Bearer jwt-123", body: undefined }]);
  });

  test("keeps only image models", async () => {
    const models = await client().imageModels();
    expect(models.map((m) => m.id)).toEqual(["sandbox-image", "flux"]);
  });

  test("turns the API error body into an ApiError with code, message and status", async () => {
    seen.length = 0;
    const error = await client()
      .generateImages({ model: "m", prompt: "a cat", n: 2, size: "512x512" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "insufficient_credits", message: "balance 0 < cost 10", status: 402 });
    expect(seen[0]?.body).toEqual({ model: "m", prompt: "a cat", n: 2, size: "512x512" });
  });

  test("rejects a response that does not match the shared schema", async () => {
    seen.length = 0;
    const error = await client()
      .usage({ page: 2, limit: 20, order: "asc" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unexpected_response" });
    expect(seen[0]?.path).toBe("/api/v1/usage?page=2&limit=20&order=asc");
  });

  test("reports a 401 so the app can drop the session", async () => {
    let dropped = 0;
    const error = await client(() => dropped++)
      .login({ apiKey: "k", username: "u", password: "p" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unauthorized", status: 401 });
    expect(dropped).toBe(1);
  });

  test("streams chat chunks with usage and stops at [DONE]", async () => {
    seen.length = 0;
    const chunks = [];
    for await (const c of client().streamChat({ model: "sandbox-chat", messages: [{ role: "user", content: "hi" }] }))
      chunks.push(c);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Hello");
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 });
    expect(seen[0]?.body).toEqual({
      model: "sandbox-chat",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  test("turns an error event inside a chat stream into an ApiError, after the text already received", async () => {
    const received: string[] = [];
    const error = await (async () => {
      for await (const c of client().streamChat({ model: "broken", messages: [{ role: "user", content: "hi" }] }))
        received.push(c.choices[0]?.delta.content ?? "");
    })().catch((e: unknown) => e);
    expect(received).toEqual(["Hel"]);
    expect(error).toMatchObject({ code: "upstream_error", message: "provider went away" });
  });

  test("asks for speech in Waule's URL mode", async () => {
    seen.length = 0;
    const out = await client().speech({
      model: "sandbox-tts",
      input: "你好",
      voice: "alloy",
      response_format: "wav",
      speed: 1,
    });
    expect(out.url).toBe("https://cdn.test/a.wav");
    expect(seen[0]?.body).toEqual({
      model: "sandbox-tts",
      input: "你好",
      voice: "alloy",
      response_format: "wav",
      speed: 1,
      waule_response: "url",
    });
  });

  test("lists tasks with the filter in the query and follows a task's events to the end", async () => {
    seen.length = 0;
    const list = await client().tasks({ page: 1, limit: 10, order: "asc", status: "queued", type: "video" });
    expect(list.data[0]?.status).toBe("queued");
    expect(seen[0]?.path).toBe("/api/v1/tasks?page=1&limit=10&order=asc&status=queued&type=video");
    const states = [];
    for await (const t of client().taskEvents("tsk_1")) states.push([t.status, t.progress]);
    expect(states).toEqual([
      ["running", 50],
      ["succeeded", 100],
    ]);
    expect(seen[1]).toMatchObject({ path: "/api/v1/tasks/tsk_1/events", auth: "Bearer jwt-123" });
  });

  test("keeps only the models of one capability", async () => {
    expect((await client().models("chat")).map((m) => m.id)).toEqual(["sandbox-chat"]);
  });

  test("reports an unreachable server as a network error", async () => {
    const dead = createApiClient({ baseUrl: "http://127.0.0.1:1", getToken: () => null });
    expect(await dead.me().catch((e: unknown) => e)).toMatchObject({ code: "network_error", status: 0 });
  });
});
