// A local Volcengine Ark: Seedream images, Seedance tasks and OpenAI-style chat, with recorded requests and scripted answers.
export type RecordedRequest = { method: string; path: string; headers: Record<string, string>; body: unknown };
export type ArkTaskStep = { status: string; error?: { code: string; message: string }; videoUrl?: string };
export type FakeArk = {
  /** Base URL as a provider key would hold it (ends in /api/v3). */
  baseUrl: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** The next request (whatever its path) gets this Ark error body. */
  failNext(status: number, code: string, message?: string, headers?: Record<string, string>): void;
  /** What successive polls of the next created task answer; defaults to queued → running → succeeded. */
  scriptNextTask(steps: ArkTaskStep[]): void;
  /** Image answers carry one failed item (group mode partial refusal) when set. */
  refuseOneImage: boolean;
  /** Streams send their first chunk, then wait for this to be released before the rest. */
  holdStream(): { release(): void };
  streamFinished: boolean;
  close(): Promise<void>;
};

export const FAKE_ARK_IMAGE_BYTES = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);

export function startFakeArk(apiKey = "ark-test-key"): FakeArk {
  const requests: RecordedRequest[] = [];
  const failures: { status: number; body: unknown; headers: Record<string, string> }[] = [];
  const pendingScripts: ArkTaskStep[][] = [];
  const tasks = new Map<string, ArkTaskStep[]>();
  let taskCount = 0;
  let hold: Promise<void> | null = null;

  const server = Bun.serve({
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const text = req.method === "GET" ? "" : await req.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {}
      requests.push({ method: req.method, path: url.pathname, headers: Object.fromEntries(req.headers), body });

      // Result links are pre-signed TOS URLs upstream: fetched without the API key, as the gateway's copy step does.
      if (req.method === "GET" && url.pathname.startsWith("/files/")) {
        const type = url.pathname.endsWith(".mp4") ? "video/mp4" : "image/jpeg";
        return new Response(FAKE_ARK_IMAGE_BYTES, { headers: { "content-type": type } });
      }
      const failure = failures.shift();
      if (failure) return Response.json(failure.body, { status: failure.status, headers: failure.headers });
      if (req.headers.get("authorization") !== `Bearer ${apiKey}`) {
        return arkError(401, "AuthenticationError", "The API key in the request is missing or invalid.");
      }
      const b = (body ?? {}) as Record<string, unknown>;
      const route = `${req.method} ${url.pathname}`;
      if (route === "POST /api/v3/images/generations") return images(b, url.origin);
      if (route === "POST /api/v3/contents/generations/tasks") {
        const id = `cgt-2025-${++taskCount}`;
        tasks.set(id, pendingScripts.shift() ?? [{ status: "queued" }, { status: "running" }, { status: "succeeded" }]);
        return Response.json({ id });
      }
      // The task list (the key test-call reads one page of it): nothing created here is older than this fake.
      if (route === "GET /api/v3/contents/generations/tasks") {
        const pageSize = Number(url.searchParams.get("page_size") ?? 10);
        const items = [...tasks.keys()]
          .slice(0, pageSize)
          .map((id) => ({ id, model: "doubao-seedance-1-0-pro-250528", status: "queued" }));
        return Response.json({ items, total: tasks.size });
      }
      const taskMatch = url.pathname.match(/^\/api\/v3\/contents\/generations\/tasks\/([^/]+)$/);
      if (req.method === "GET" && taskMatch) return pollTask(decodeURIComponent(taskMatch[1]!), url.origin);
      if (route === "POST /api/v3/chat/completions") return b.stream ? chatStream(b) : chat(b);
      return arkError(404, "NotFound", `no route ${route}`);
    },
  });

  function images(b: Record<string, unknown>, origin: string): Response {
    const opts = b.sequential_image_generation_options as { max_images?: number } | undefined;
    const count = b.sequential_image_generation === "auto" ? (opts?.max_images ?? 1) : 1;
    const data: unknown[] = Array.from({ length: count }, (_, i) =>
      b.response_format === "b64_json"
        ? { b64_json: Buffer.from(FAKE_ARK_IMAGE_BYTES).toString("base64"), size: b.size }
        : { url: `${origin}/files/seedream-${i + 1}.jpeg`, size: b.size },
    );
    if (fake.refuseOneImage) data[0] = { error: { code: "OutputImageSensitiveContentDetected", message: "refused" } };
    return Response.json({ model: b.model, created: 1_700_000_000, data, usage: { generated_images: count } });
  }

  function pollTask(id: string, origin: string): Response {
    const steps = tasks.get(id);
    if (!steps) return arkError(404, "NotFound.Task", `task ${id} not found`);
    const step = steps.length > 1 ? steps.shift()! : steps[0]!;
    const answer: Record<string, unknown> = {
      id,
      model: "doubao-seedance-1-0-pro-250528",
      status: step.status,
      created_at: 1,
      updated_at: 2,
    };
    if (step.status === "succeeded") {
      answer.content = { video_url: step.videoUrl ?? `${origin}/files/${id}.mp4` };
      answer.duration = 5;
      answer.usage = { completion_tokens: 100, total_tokens: 100 };
    }
    if (step.error) answer.error = step.error;
    return Response.json(answer);
  }

  function chat(b: Record<string, unknown>): Response {
    return Response.json({
      id: "chatcmpl-fake-1",
      object: "chat.completion",
      model: b.model,
      choices: [{ index: 0, message: { role: "assistant", content: "你好，我是豆包。" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 },
    });
  }

  function chatStream(b: Record<string, unknown>): Response {
    const chunk = (delta: unknown, finish: string | null, usage?: unknown) =>
      `data: ${JSON.stringify({ id: "chatcmpl-fake-2", object: "chat.completion.chunk", model: b.model, choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
    const gate = hold;
    fake.streamFinished = false;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const enc = new TextEncoder();
        controller.enqueue(enc.encode(chunk({ role: "assistant", content: "你好" }, null)));
        if (gate) await gate;
        controller.enqueue(enc.encode(chunk({ content: "，世界" }, null)));
        controller.enqueue(enc.encode(chunk({}, "stop")));
        controller.enqueue(enc.encode(chunk(null, null, { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 })));
        controller.enqueue(enc.encode("data: [DONE]\n\n"));
        fake.streamFinished = true;
        controller.close();
      },
    });
    return new Response(stream, { headers: { "Content-Type": "text/event-stream" } });
  }

  const fake: FakeArk = {
    baseUrl: `http://127.0.0.1:${server.port}/api/v3`,
    apiKey,
    requests,
    refuseOneImage: false,
    streamFinished: false,
    failNext(status, code, message = code, headers = {}) {
      failures.push({ status, body: { error: { code, message, param: "", type: "BadRequest" } }, headers });
    },
    scriptNextTask(steps) {
      pendingScripts.push([...steps]);
    },
    holdStream() {
      let release!: () => void;
      hold = new Promise<void>((resolve) => (release = resolve));
      return { release: () => release() };
    },
    async close() {
      await server.stop(true);
    },
  };
  return fake;
}

function arkError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message, param: "", type: "Error" } }, { status });
}
