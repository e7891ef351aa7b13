// A local Generative Language API (v1beta): generateContent, streamGenerateContent?alt=sse, Imagen :predict,
// Veo :predictLongRunning + operation polling + key-protected video download. Records every request; answers from a script.

export type RecordedRequest = { method: string; path: string; headers: Record<string, string>; body: unknown };

export type FakeAnswer =
  | { status: number; json: unknown }
  | { status?: number; bytes: Uint8Array<ArrayBuffer>; contentType: string }
  /** SSE events (each written as `data: <json>`); after `holdAfter` events the stream waits for `release()`. */
  | { sse: unknown[]; holdAfter?: number }
  | { redirect: string };

export type GeminiFake = {
  url: string;
  /** What a key's baseUrl would hold: origin + /v1beta */
  baseUrl: string;
  /** The only key the fake accepts; any other gets the documented 400 API_KEY_INVALID. */
  validKey: string;
  requests: RecordedRequest[];
  enqueue(...answers: FakeAnswer[]): void;
  release(): void;
  readonly streamFinished: boolean;
  /** True once the client hung up on a streamed answer before its end. */
  readonly streamCancelled: boolean;
  stop(): Promise<void>;
};

/** A 1×1 PNG. */
export const fakePngBase64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
/** Starts like an MP4 (ftyp box) so a test can tell it from an error page. */
export const fakeVideoBytes = new Uint8Array([
  0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32, 1, 2, 3, 4,
]);

export function googleError(httpStatus: number, status: string, message: string, details: unknown[] = []): FakeAnswer {
  return { status: httpStatus, json: { error: { code: httpStatus, message, status, details } } };
}

export function textAnswer(
  text: string,
  finishReason = "STOP",
  usage = { promptTokenCount: 8, candidatesTokenCount: 4, totalTokenCount: 12 },
): unknown {
  return {
    candidates: [{ content: { parts: [{ text }], role: "model" }, finishReason, index: 0 }],
    usageMetadata: usage,
    modelVersion: "gemini-2.5-flash",
    responseId: "resp-fake-1",
  };
}

export function imageAnswer(base64 = fakePngBase64, mimeType = "image/png"): unknown {
  return {
    candidates: [
      {
        content: { parts: [{ text: "Here it is" }, { inlineData: { mimeType, data: base64 } }], role: "model" },
        finishReason: "STOP",
        index: 0,
      },
    ],
    usageMetadata: { promptTokenCount: 6, candidatesTokenCount: 1290, totalTokenCount: 1296 },
    modelVersion: "gemini-2.5-flash-image",
  };
}

/** The documented stream: each event a GenerateContentResponse, usage growing, finishReason on the last. */
export function streamEvents(
  pieces: string[],
  usage = { promptTokenCount: 8, candidatesTokenCount: 4, totalTokenCount: 12 },
): unknown[] {
  return pieces.map((text, i) => ({
    candidates: [
      {
        content: { parts: [{ text }], role: "model" },
        ...(i === pieces.length - 1 ? { finishReason: "STOP" } : {}),
        index: 0,
      },
    ],
    usageMetadata:
      i === pieces.length - 1
        ? usage
        : { promptTokenCount: usage.promptTokenCount, totalTokenCount: usage.promptTokenCount },
    modelVersion: "gemini-2.5-flash",
    responseId: "resp-fake-1",
  }));
}

export function startGeminiFake(validKey = "AIza-fake-key"): GeminiFake {
  const requests: RecordedRequest[] = [];
  const queue: FakeAnswer[] = [];
  const pollCounts = new Map<string, number>();
  let operationSeq = 0;
  let gate = Promise.withResolvers<void>();
  let streamFinished = false;
  let streamCancelled = false;

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      const text = await req.text();
      let body: unknown = text === "" ? undefined : text;
      try {
        if (text !== "") body = JSON.parse(text);
      } catch {
        // keep the raw text: a test asserting on JSON will fail loudly
      }
      const path = decodeURIComponent(url.pathname) + url.search;
      requests.push({ method: req.method, path, headers: Object.fromEntries(req.headers), body });
      // The real download URL redirects to a signed location that needs no key.
      if (url.pathname.startsWith("/media/"))
        return new Response(fakeVideoBytes, { headers: { "content-type": "video/mp4" } });
      if (req.headers.get("x-goog-api-key") !== validKey) {
        return respond(
          googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [
            {
              "@type": "type.googleapis.com/google.rpc.ErrorInfo",
              reason: "API_KEY_INVALID",
              domain: "googleapis.com",
            },
          ]),
        );
      }
      return respond(queue.shift() ?? defaultAnswer(req.method, decodeURIComponent(url.pathname), body));
    },
  });
  const origin = server.url.origin;

  function defaultAnswer(method: string, pathname: string, body: unknown): FakeAnswer {
    const model = /^\/v1beta\/models\/([^:/]+)/.exec(pathname)?.[1] ?? "unknown";
    if (method === "POST" && pathname.endsWith(":streamGenerateContent"))
      return { sse: streamEvents(["Hello", " there"]) };
    if (method === "POST" && pathname.endsWith(":generateContent")) {
      const modalities =
        (body as { generationConfig?: { responseModalities?: string[] } } | undefined)?.generationConfig
          ?.responseModalities ?? [];
      return { status: 200, json: modalities.includes("IMAGE") ? imageAnswer() : textAnswer("Hello there") };
    }
    if (method === "POST" && pathname.endsWith(":predict")) {
      const count = (body as { parameters?: { sampleCount?: number } } | undefined)?.parameters?.sampleCount ?? 1;
      return {
        status: 200,
        json: {
          predictions: Array.from({ length: count }, () => ({
            mimeType: "image/png",
            bytesBase64Encoded: fakePngBase64,
          })),
        },
      };
    }
    if (method === "POST" && pathname.endsWith(":predictLongRunning")) {
      return { status: 200, json: { name: `models/${model}/operations/op-${++operationSeq}` } };
    }
    if (method === "GET" && pathname === "/v1beta/models") {
      return {
        status: 200,
        json: { models: [{ name: "models/gemini-2.5-flash", displayName: "Gemini 2.5 Flash" }], nextPageToken: "next" },
      };
    }
    const op = /^\/v1beta\/(models\/[^/]+\/operations\/([^/]+))$/.exec(pathname);
    if (method === "GET" && op) {
      // Default script: running on the first poll, done with one video on the next.
      const polls = (pollCounts.get(op[1]!) ?? 0) + 1;
      pollCounts.set(op[1]!, polls);
      if (polls === 1) return { status: 200, json: { name: op[1], metadata: {} } };
      return { status: 200, json: doneOperation(op[1]!, [`${origin}/v1beta/files/${op[2]}:download?alt=media`]) };
    }
    const file = /^\/v1beta\/files\/([^:/]+):download$/.exec(pathname);
    if (method === "GET" && file) return { redirect: `${origin}/media/${file[1]}.mp4` };
    return googleError(404, "NOT_FOUND", `Requested entity was not found: ${pathname}`);
  }

  function respond(answer: FakeAnswer): Response {
    if ("redirect" in answer) return new Response(null, { status: 302, headers: { location: answer.redirect } });
    if ("json" in answer) return Response.json(answer.json, { status: answer.status });
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
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(events[i])}\r\n\r\n`));
        }
        streamFinished = true;
        controller.close();
      },
      cancel() {
        streamCancelled = true;
      },
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream" } });
  }

  return {
    url: origin,
    baseUrl: `${origin}/v1beta`,
    validKey,
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

export function doneOperation(name: string, videoUris: string[]): unknown {
  return {
    name,
    done: true,
    response: {
      "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
      generateVideoResponse: { generatedSamples: videoUris.map((uri) => ({ video: { uri } })) },
    },
  };
}
