// A local DashScope: Wan image/video async tasks, task polling and Qwen-TTS, with recorded requests and scripted answers.
export type RecordedRequest = { method: string; path: string; headers: Record<string, string>; body: unknown };
export type DashScopeTaskStep = {
  task_status: "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELED" | "UNKNOWN";
  code?: string;
  message?: string;
  /** Replaces the generated results of a succeeded image task (e.g. one refused image). */
  results?: { url?: string; code?: string; message?: string }[];
};
export type FakeDashScope = {
  /** Base URL as a provider key would hold it (ends in /api/v1). */
  baseUrl: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** The next request (whatever its path) gets this DashScope error body. */
  failNext(status: number, code: string, message?: string): void;
  /** What successive polls of the next created task answer; defaults to PENDING → RUNNING → SUCCEEDED. */
  scriptNextTask(steps: DashScopeTaskStep[]): void;
  close(): Promise<void>;
};

const ASYNC_ONLY_PATHS = new Set([
  "/api/v1/services/aigc/text2image/image-synthesis",
  "/api/v1/services/aigc/image2image/image-synthesis",
  "/api/v1/services/aigc/video-generation/video-synthesis",
  "/api/v1/services/aigc/image2video/video-synthesis",
]);

type Task = { kind: "image" | "video"; n: number; steps: DashScopeTaskStep[] };

export function startFakeDashScope(apiKey = "sk-dashscope-test"): FakeDashScope {
  const requests: RecordedRequest[] = [];
  const failures: { status: number; code: string; message: string }[] = [];
  const scripts: DashScopeTaskStep[][] = [];
  const tasks = new Map<string, Task>();
  let taskCount = 0;

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

      const failure = failures.shift();
      if (failure) return dashError(failure.status, failure.code, failure.message);
      if (req.headers.get("authorization") !== `Bearer ${apiKey}`)
        return dashError(401, "InvalidApiKey", "Invalid API-key provided.");
      const b = (body ?? {}) as { parameters?: { n?: number } };

      if (req.method === "POST" && ASYNC_ONLY_PATHS.has(url.pathname)) {
        // DashScope refuses synchronous HTTP calls to these endpoints.
        if (req.headers.get("x-dashscope-async") !== "enable") {
          return dashError(403, "AccessDenied", "current user api does not support synchronous calls");
        }
        const id = `task-${++taskCount}`;
        const kind = url.pathname.includes("video") ? "video" : "image";
        tasks.set(id, {
          kind,
          n: b.parameters?.n ?? 1,
          steps: scripts.shift() ?? [
            { task_status: "PENDING" },
            { task_status: "RUNNING" },
            { task_status: "SUCCEEDED" },
          ],
        });
        return Response.json({ request_id: `req-${taskCount}`, output: { task_id: id, task_status: "PENDING" } });
      }
      const taskMatch = url.pathname.match(/^\/api\/v1\/tasks\/([^/]+)$/);
      if (req.method === "GET" && taskMatch) return pollTask(decodeURIComponent(taskMatch[1]!), url.origin);
      if (req.method === "POST" && url.pathname === "/api/v1/services/aigc/multimodal-generation/generation") {
        return Response.json({
          request_id: "req-tts",
          output: {
            finish_reason: "stop",
            audio: { id: "audio-1", data: "", expires_at: 1_700_086_400, url: `${url.origin}/files/tts-1.wav` },
          },
          usage: { characters: 5 },
        });
      }
      return dashError(404, "NotFound", `no route ${req.method} ${url.pathname}`);
    },
  });

  function pollTask(id: string, origin: string): Response {
    const task = tasks.get(id);
    if (!task) return Response.json({ request_id: "req-poll", output: { task_id: id, task_status: "UNKNOWN" } });
    const step = task.steps.length > 1 ? task.steps.shift()! : task.steps[0]!;
    const output: Record<string, unknown> = {
      task_id: id,
      task_status: step.task_status,
      submit_time: "2025-01-01 00:00:00.000",
    };
    if (step.code) output.code = step.code;
    if (step.message) output.message = step.message;
    if (step.task_status === "SUCCEEDED" && task.kind === "image") {
      output.results =
        step.results ??
        Array.from({ length: task.n }, (_, i) => ({
          url: `${origin}/files/${id}-${i + 1}.png`,
          actual_prompt: "rewritten prompt",
        }));
    }
    if (step.task_status === "SUCCEEDED" && task.kind === "video") output.video_url = `${origin}/files/${id}.mp4`;
    return Response.json({ request_id: "req-poll", output });
  }

  return {
    baseUrl: `http://127.0.0.1:${server.port}/api/v1`,
    apiKey,
    requests,
    failNext(status, code, message = code) {
      failures.push({ status, code, message });
    },
    scriptNextTask(steps) {
      scripts.push([...steps]);
    },
    async close() {
      await server.stop(true);
    },
  };
}

function dashError(status: number, code: string, message: string): Response {
  return Response.json({ request_id: "req-error", code, message }, { status });
}
