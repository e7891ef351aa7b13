// A local sora2api (TheSmallHanCat/sora2api, src/api/sora_routes.py): POST /v1/videos and GET /v1/videos/{id}.
// Records every request and walks each created task through scripted states; also serves an image to fetch.
export type RecordedRequest = { method: string; path: string; headers: Record<string, string>; body: unknown };

/** One answer per poll (the last repeats). `completed` answers carry `video_url`; `failed` ones carry `error.message`. */
export type SoraTaskScript = { steps: { status: string; progress: number }[]; errorMessage?: string };
type ScriptedAnswer = { status: number; body: unknown };

export type FakeSora = {
  url: string;
  requests: RecordedRequest[];
  /** Bytes served at /frame.png, for first frames given as URLs. */
  frame: Uint8Array;
  answerNext(status: number, body: unknown): void;
  scriptNextTask(script: SoraTaskScript): void;
  stop(): void;
};

const defaultScript: SoraTaskScript = {
  steps: [
    { status: "processing", progress: 0 },
    { status: "processing", progress: 45 },
    { status: "completed", progress: 100 },
  ],
};

export function startFakeSora(): FakeSora {
  const requests: RecordedRequest[] = [];
  const answers: ScriptedAnswer[] = [];
  const tasks = new Map<string, { script: SoraTaskScript; polls: number; model: string }>();
  const frame = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  let nextScript = defaultScript;
  let seq = 0;

  const server = Bun.serve({
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method === "GET" && url.pathname === "/frame.png")
        return new Response(frame, { headers: { "Content-Type": "image/png" } });
      const text = await req.text();
      requests.push({
        method: req.method,
        path: url.pathname,
        headers: Object.fromEntries(req.headers),
        body: text ? JSON.parse(text) : undefined,
      });
      const scripted = answers.shift();
      if (scripted) return Response.json(scripted.body, { status: scripted.status });
      if (req.headers.get("authorization") !== "Bearer sora-key")
        return Response.json({ detail: "Invalid API key" }, { status: 401 });
      if (req.method === "POST" && url.pathname === "/v1/videos") {
        const body = JSON.parse(text) as { model: string };
        const id = `task_${++seq}`;
        tasks.set(id, { script: nextScript, polls: 0, model: body.model });
        nextScript = defaultScript;
        return Response.json(
          { id, object: "video", model: body.model, created_at: 1767105219, status: "processing", progress: 0 },
          { status: 201 },
        );
      }
      const id = /^\/v1\/videos\/([^/]+)$/.exec(url.pathname)?.[1];
      const task = id ? tasks.get(id) : undefined;
      if (req.method === "GET" && task) {
        const step = task.script.steps[Math.min(task.polls, task.script.steps.length - 1)]!;
        task.polls++;
        return Response.json({
          id,
          object: "video",
          model: task.model,
          created_at: 1767105219,
          status: step.status,
          progress: step.progress,
          video_url: step.status === "completed" ? `${url.origin}/videos/${id}.mp4` : null,
          error:
            step.status === "failed"
              ? { message: task.script.errorMessage ?? "Generation failed", type: "invalid_request_error" }
              : null,
        });
      }
      return Response.json({ error: { message: "Task not found", type: "invalid_request_error" } }, { status: 404 });
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    frame,
    answerNext: (status, body) => answers.push({ status, body }),
    scriptNextTask: (script) => {
      nextScript = script;
    },
    stop: () => server.stop(true),
  };
}
