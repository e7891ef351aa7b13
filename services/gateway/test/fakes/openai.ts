// A local OpenAI-compatible upstream: speaks /v1/chat/completions (JSON and SSE), /v1/images/generations and /v1/audio/speech,
// records every request, and answers from a script so tests can force 429s, refusals, outages or a held-open stream.

export type RecordedRequest = { method: string; path: string; headers: Record<string, string>; body: unknown };

export type FakeAnswer =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; bytes: Uint8Array<ArrayBuffer>; contentType: string }
  /** SSE events (each written as `data: <payload>`); after `holdAfter` events the stream waits for `release()`. */
  | { sse: string[]; holdAfter?: number };

export type OpenAIFake = {
  /** Origin only, e.g. http://127.0.0.1:1234 */
  url: string;
  /** What a key's baseUrl would hold: origin + /v1 */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Queue answers for the next requests, in order; an empty queue answers a default success for the path. */
  enqueue(...answers: FakeAnswer[]): void;
  /** Lets a held SSE stream continue. */
  release(): void;
  /** True once a streamed answer has written its last byte. */
  readonly streamFinished: boolean;
  /** True once the client hung up on a streamed answer before its end. */
  readonly streamCancelled: boolean;
  stop(): Promise<void>;
};

export const fakeSpeechBytes = new Uint8Array([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x01, 0x02]);
/** A 1×1 PNG, as OpenAI returns for b64_json. */
export const fakePngBase64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/** OpenAI's usage object; prompt_tokens_details.cached_tokens counts the prompt's cache hits. */
export type FakeUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
};

export function chatCompletion(
  content: string,
  usage: FakeUsage = { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 },
): unknown {
  return {
    id: "chatcmpl-fake-1",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "gpt-4o-mini-2024-07-18",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage,
  };
}

/** The documented stream: role chunk, content chunks, finish chunk, usage chunk (choices: []), then [DONE]. */
export function chatStreamEvents(
  pieces: string[],
  usage: FakeUsage = { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 },
): string[] {
  const base = { id: "chatcmpl-fake-1", object: "chat.completion.chunk", created: 1_700_000_000, model: "gpt-4o-mini" };
  return [
    JSON.stringify({
      ...base,
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
      usage: null,
    }),
    ...pieces.map((p) =>
      JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: p }, finish_reason: null }], usage: null }),
    ),
    JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: null }),
    JSON.stringify({ ...base, choices: [], usage }),
    "[DONE]",
  ];
}

export function openAIError(
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers?: Record<string, string>,
): FakeAnswer {
  return { status, json: { error: { message, type, param: null, code } }, headers };
}

export function startOpenAIFake(): OpenAIFake {
  const requests: RecordedRequest[] = [];
  const queue: FakeAnswer[] = [];
  let gate = Promise.withResolvers<void>();
  let streamFinished = false;
  let streamCancelled = false;

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      const text = await req.text();
      let body: unknown = text;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        // keep the raw text: a test asserting on JSON will fail loudly
      }
      requests.push({
        method: req.method,
        path: url.pathname + url.search,
        headers: Object.fromEntries(req.headers),
        body,
      });
      const answer = queue.shift() ?? defaultAnswer(url.pathname, body);
      return respond(answer);
    },
  });

  function respond(answer: FakeAnswer): Response {
    if ("json" in answer) return Response.json(answer.json, { status: answer.status, headers: answer.headers });
    if ("bytes" in answer)
      return new Response(answer.bytes, {
        status: answer.status ?? 200,
        headers: { "content-type": answer.contentType },
      });
    const encoder = new TextEncoder();
    const events = answer.sse;
    const holdAfter = answer.holdAfter ?? Number.POSITIVE_INFINITY;
    streamFinished = false;
    streamCancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (let i = 0; i < events.length; i++) {
          if (i === holdAfter) await gate.promise;
          if (streamCancelled) return;
          controller.enqueue(encoder.encode(`data: ${events[i]}\n\n`));
        }
        streamFinished = true;
        controller.close();
      },
      cancel() {
        streamCancelled = true;
      },
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
  }

  return {
    url: server.url.origin,
    baseUrl: `${server.url.origin}/v1`,
    requests,
    enqueue: (...answers) => void queue.push(...answers),
    release() {
      gate.resolve();
      gate = Promise.withResolvers<void>();
    },
    get streamFinished() {
      return streamFinished;
    },
    get streamCancelled() {
      return streamCancelled;
    },
    async stop() {
      gate.resolve();
      await server.stop(true);
    },
  };
}

function defaultAnswer(path: string, body: unknown): FakeAnswer {
  const stream = typeof body === "object" && body !== null && (body as { stream?: unknown }).stream === true;
  if (path === "/v1/chat/completions")
    return stream
      ? { sse: chatStreamEvents(["Hello", " there"]) }
      : { status: 200, json: chatCompletion("Hello there") };
  if (path === "/v1/images/generations")
    return { status: 200, json: { created: 1_700_000_000, data: [{ b64_json: fakePngBase64 }] } };
  if (path === "/v1/audio/speech") return { bytes: fakeSpeechBytes, contentType: "audio/mpeg" };
  return openAIError(404, `Unknown request URL: POST ${path}`, "invalid_request_error", "unknown_url");
}
