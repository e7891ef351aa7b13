// A local Vidu API (https://platform.vidu.com/docs): records every request and walks each created task through scripted states.
export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
};

/** How the next created task evolves: one state per poll (the last one repeats), then its result. */
export type ViduTaskScript = { states: string[]; errCode?: string; urls?: string[] };
type ScriptedError = { status: number; body: unknown; headers?: Record<string, string> };

export type FakeVidu = {
  url: string;
  requests: RecordedRequest[];
  /** The next request (whatever its path) answers this error instead. */
  failNext(status: number, body: unknown, headers?: Record<string, string>): void;
  scriptNextTask(script: ViduTaskScript): void;
  stop(): void;
};

const createPaths = new Set(["/ent/v2/text2video", "/ent/v2/img2video", "/ent/v2/start-end2video"]);
const defaultScript: ViduTaskScript = { states: ["queueing", "processing", "success"] };

export function startFakeVidu(): FakeVidu {
  const requests: RecordedRequest[] = [];
  const errors: ScriptedError[] = [];
  const tasks = new Map<string, { script: ViduTaskScript; polls: number }>();
  let nextScript: ViduTaskScript = defaultScript;
  let seq = 0;

  const server = Bun.serve({
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const text = await req.text();
      requests.push({
        method: req.method,
        path: url.pathname + url.search,
        headers: Object.fromEntries(req.headers),
        body: text ? JSON.parse(text) : undefined,
      });
      const error = errors.shift();
      if (error) return Response.json(error.body, { status: error.status, headers: error.headers });
      if (req.headers.get("authorization") !== "Token vidu-key") {
        return Response.json({ code: "Unauthorized", message: "unauthorized" }, { status: 401 });
      }
      if (req.method === "POST" && createPaths.has(url.pathname)) {
        const id = `vidu-task-${++seq}`;
        tasks.set(id, { script: nextScript, polls: 0 });
        nextScript = defaultScript;
        return Response.json({ task_id: id, state: "created", ...(JSON.parse(text) as object), credits: 4 });
      }
      const match = /^\/ent\/v2\/tasks\/([^/]+)\/creations$/.exec(url.pathname);
      const task = match?.[1] ? tasks.get(match[1]) : undefined;
      if (req.method === "GET" && task) {
        const state = task.script.states[Math.min(task.polls, task.script.states.length - 1)];
        task.polls++;
        const creations =
          state === "success"
            ? (task.script.urls ?? [`${url.origin}/files/${match?.[1]}.mp4`]).map((u, i) => ({
                id: `c${i}`,
                url: u,
                cover_url: `${u}.jpg`,
              }))
            : [];
        return Response.json({
          state,
          err_code: state === "failed" ? (task.script.errCode ?? "") : "",
          credits: 4,
          payload: "",
          creations,
        });
      }
      return Response.json({ code: "TaskNotFound", message: "task not found" }, { status: 404 });
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    failNext: (status, body, headers) => errors.push({ status, body, headers }),
    scriptNextTask: (script) => {
      nextScript = script;
    },
    stop: () => server.stop(true),
  };
}
