// A local midjourney-proxy (novicezk/midjourney-proxy API, plus-style /mj/submit/action and accountFilter):
// records every request, hands out task ids, and walks each task through scripted statuses on fetch.
import { encodePng } from "../../src/providers/sandbox/png.ts";

export type RecordedRequest = { method: string; path: string; headers: Record<string, string>; body: unknown };

/** One answer per fetch (the last repeats); `failReason` goes with FAILURE. */
export type MidjourneyTaskScript = { steps: { status: string; progress: string }[]; failReason?: string };
type ScriptedAnswer = { status: number; body: unknown };
type FakeTask = {
  id: string;
  action: string;
  prompt: string;
  instanceId: string;
  script: MidjourneyTaskScript;
  fetches: number;
  buttons: unknown[];
};

export type FakeMidjourney = {
  url: string;
  requests: RecordedRequest[];
  /** Downloads of /attachments/<id>.png (the Discord CDN stand-in), per task id. */
  downloads: Map<string, number>;
  answerNext(status: number, body: unknown): void;
  scriptNextTask(script: MidjourneyTaskScript): void;
  stop(): void;
};

const defaultScript: MidjourneyTaskScript = {
  steps: [
    { status: "SUBMITTED", progress: "0%" },
    { status: "IN_PROGRESS", progress: "50%" },
    { status: "SUCCESS", progress: "100%" },
  ],
};

function gridButtons(hash: string): unknown[] {
  const buttons: unknown[] = [];
  for (const i of [1, 2, 3, 4])
    buttons.push({ customId: `MJ::JOB::upsample::${i}::${hash}`, emoji: "", label: `U${i}`, style: 2, type: 2 });
  for (const i of [1, 2, 3, 4])
    buttons.push({ customId: `MJ::JOB::variation::${i}::${hash}`, emoji: "", label: `V${i}`, style: 2, type: 2 });
  buttons.push({ customId: `MJ::JOB::reroll::0::${hash}::SOLO`, emoji: "🔄", label: "", style: 2, type: 2 });
  return buttons;
}

/**
 * The bytes the fake's CDN serves for a task's image: a real 64×64 PNG (browsers must be able to draw it) whose pixels
 * spell the task id over and over, so each task's file is distinct.
 */
export function attachmentBytes(taskId: string): Uint8Array<ArrayBuffer> {
  const seed = new TextEncoder().encode(`mj-${taskId}`);
  const rgb = new Uint8Array(64 * 64 * 3).map((_, i) => seed[i % seed.length]!);
  return new Uint8Array(encodePng(64, 64, rgb));
}

export function startFakeMidjourney(): FakeMidjourney {
  const requests: RecordedRequest[] = [];
  const answers: ScriptedAnswer[] = [];
  const tasks = new Map<string, FakeTask>();
  let nextScript = defaultScript;
  let seq = 0;
  const downloads = new Map<string, number>();

  const createTask = (action: string, prompt: string, instanceId: string): FakeTask => {
    const id = `${1320098173412546 + ++seq}`;
    const task: FakeTask = {
      id,
      action,
      prompt,
      instanceId,
      script: nextScript,
      fetches: 0,
      buttons: action === "IMAGINE" ? gridButtons(`hash-${id}`) : [],
    };
    nextScript = defaultScript;
    tasks.set(id, task);
    return task;
  };
  const accepted = (task: FakeTask) =>
    Response.json({
      code: 1,
      description: "Submit success",
      result: task.id,
      properties: { discordInstanceId: task.instanceId },
    });

  const server = Bun.serve({
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      // The CDN the image URLs point at: no secret, not recorded as a proxy request.
      const attachment = /^\/attachments\/([^/]+)\.png$/.exec(url.pathname)?.[1];
      if (req.method === "GET" && attachment !== undefined) {
        downloads.set(attachment, (downloads.get(attachment) ?? 0) + 1);
        return new Response(attachmentBytes(attachment), { headers: { "Content-Type": "image/png" } });
      }
      const text = await req.text();
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      requests.push({ method: req.method, path: url.pathname, headers: Object.fromEntries(req.headers), body });
      const scripted = answers.shift();
      if (scripted) return Response.json(scripted.body, { status: scripted.status });
      if (req.headers.get("mj-api-secret") !== "mj-secret") return new Response(null, { status: 401 });
      const instanceId =
        (body?.accountFilter as { instanceId?: string } | undefined)?.instanceId || "1100000000000000001";

      if (req.method === "POST" && url.pathname === "/mj/submit/imagine") {
        const prompt = String(body?.prompt ?? "");
        if (!prompt.trim())
          return Response.json({ code: 4, description: "prompt不能为空", result: null, properties: {} });
        if (prompt.includes("bannedword"))
          return Response.json({
            code: 24,
            description: "可能包含敏感词",
            result: null,
            properties: { promptEn: prompt, bannedWord: "bannedword" },
          });
        return accepted(createTask("IMAGINE", prompt, instanceId));
      }
      if (req.method === "POST" && url.pathname === "/mj/submit/action") {
        const target = tasks.get(String(body?.taskId));
        if (!target)
          return Response.json({ code: 3, description: "关联任务不存在或已失效", result: null, properties: {} });
        const customId = String(body?.customId);
        if (!target.buttons.some((b) => (b as { customId: string }).customId === customId)) {
          return Response.json({ code: 4, description: "customId参数错误", result: null, properties: {} });
        }
        const action = customId.includes("upsample")
          ? "UPSCALE"
          : customId.includes("variation")
            ? "VARIATION"
            : "REROLL";
        return accepted(createTask(action, target.prompt, instanceId));
      }
      const id = /^\/mj\/task\/([^/]+)\/fetch$/.exec(url.pathname)?.[1];
      if (req.method === "GET" && id !== undefined) {
        const task = tasks.get(id);
        if (!task) return new Response("", { status: 200 }); // the proxy's answer for an unknown id
        const step = task.script.steps[Math.min(task.fetches, task.script.steps.length - 1)]!;
        task.fetches++;
        const done = step.status === "SUCCESS";
        return Response.json({
          id: task.id,
          action: task.action,
          prompt: task.prompt,
          promptEn: task.prompt,
          description: `/imagine ${task.prompt}`,
          status: step.status,
          progress: step.progress,
          imageUrl: done ? `${url.origin}/attachments/${task.id}.png` : null,
          failReason: step.status === "FAILURE" ? (task.script.failReason ?? "") : null,
          buttons: done ? task.buttons : [],
          properties: { discordInstanceId: task.instanceId },
          submitTime: 1700000000000,
          startTime: 1700000001000,
          finishTime: done ? 1700000060000 : 0,
        });
      }
      return new Response("not found", { status: 404 });
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    downloads,
    answerNext: (status, body) => answers.push({ status, body }),
    scriptNextTask: (script) => {
      nextScript = script;
    },
    stop: () => server.stop(true),
  };
}
