// A local MiniMax API (platform.minimaxi.com docs): video task create/query, file retrieval and T2A v2 speech.
// Records every request; errors come as HTTP 200 with a non-zero base_resp, as MiniMax sends them.
export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
};

/** How the next created task evolves: one status per query (the last repeats); `failure` is the base_resp on Fail. */
export type MinimaxTaskScript = { statuses: string[]; failure?: { status_code: number; status_msg: string } };
type ScriptedAnswer = { status: number; body: unknown };

export type FakeMinimax = {
  url: string;
  requests: RecordedRequest[];
  /** The audio bytes every T2A call returns (hex-encoded on the wire). */
  audio: Uint8Array;
  /** The next request answers this instead (use status 200 with a base_resp for MiniMax-style errors). */
  answerNext(status: number, body: unknown): void;
  scriptNextTask(script: MinimaxTaskScript): void;
  stop(): void;
};

const ok = { status_code: 0, status_msg: "success" };
const defaultScript: MinimaxTaskScript = { statuses: ["Queueing", "Processing", "Success"] };

export function startFakeMinimax(): FakeMinimax {
  const requests: RecordedRequest[] = [];
  const answers: ScriptedAnswer[] = [];
  const tasks = new Map<string, { script: MinimaxTaskScript; polls: number }>();
  const audio = new Uint8Array([0x49, 0x44, 0x33, 0x04, 0x00, 0xff, 0xfb, 0x90]);
  let nextScript = defaultScript;
  let seq = 0;

  const server = Bun.serve({
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const text = await req.text();
      requests.push({
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(req.headers),
        body: text ? JSON.parse(text) : undefined,
      });
      const scripted = answers.shift();
      if (scripted) return Response.json(scripted.body, { status: scripted.status });
      if (req.headers.get("authorization") !== "Bearer mm-key") {
        return Response.json({
          base_resp: { status_code: 1004, status_msg: "login fail: Please carry the API secret key" },
        });
      }
      const route = `${req.method} ${url.pathname}`;
      if (route === "POST /v1/video_generation") {
        const id = `${106916112212032 + ++seq}`;
        tasks.set(id, { script: nextScript, polls: 0 });
        nextScript = defaultScript;
        return Response.json({ task_id: id, base_resp: ok });
      }
      if (route === "GET /v1/query/video_generation") {
        const id = url.searchParams.get("task_id") ?? "";
        const task = tasks.get(id);
        if (!task)
          return Response.json({
            task_id: id,
            status: "",
            base_resp: { status_code: 2013, status_msg: "invalid params, task not found" },
          });
        const status = task.script.statuses[Math.min(task.polls, task.script.statuses.length - 1)];
        task.polls++;
        if (status === "Success") {
          return Response.json({
            task_id: id,
            status,
            file_id: `f${id}`,
            video_width: 1920,
            video_height: 1080,
            base_resp: ok,
          });
        }
        if (status === "Fail")
          return Response.json({ task_id: id, status, file_id: "", base_resp: task.script.failure ?? ok });
        return Response.json({ task_id: id, status, file_id: "", base_resp: ok });
      }
      if (route === "GET /v1/files/retrieve") {
        const fileId = url.searchParams.get("file_id") ?? "";
        return Response.json({
          file: {
            file_id: fileId,
            bytes: 0,
            created_at: 1700469398,
            filename: "output_aigc.mp4",
            purpose: "video_generation",
            download_url: `${url.origin}/download/${fileId}.mp4`,
          },
          base_resp: ok,
        });
      }
      if (route === "POST /v1/t2a_v2") {
        return Response.json({
          data: { audio: Buffer.from(audio).toString("hex"), status: 2 },
          extra_info: {
            audio_length: 9900,
            audio_sample_rate: 32000,
            audio_size: audio.length,
            bitrate: 128000,
            audio_format: "mp3",
            audio_channel: 1,
          },
          trace_id: "01b8bf9bb7433cc75c18eee6cfa8fe21",
          base_resp: ok,
        });
      }
      return new Response("not found", { status: 404 });
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    audio,
    answerNext: (status, body) => answers.push({ status, body }),
    scriptNextTask: (script) => {
      nextScript = script;
    },
    stop: () => server.stop(true),
  };
}
