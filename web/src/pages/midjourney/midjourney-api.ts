// Typed calls for Midjourney jobs (POST /midjourney/imagine and /action), checked against the shared schemas.
import { midjourneyAccepted, type MidjourneyAccepted, type MidjourneyActionRequest, type midjourneyImagineRequest } from "@waule/shared/midjourney";
import type { Task } from "@waule/shared/tasks";
import type { z } from "zod";
import { ApiError, errorFromResponse } from "../../api/api-error";
import { session, signOut } from "../../session/session";

export type ImagineInput = Pick<z.input<typeof midjourneyImagineRequest>, "model" | "prompt" | "reference_images">;
export type ActionInput = Pick<MidjourneyActionRequest, "task_id" | "custom_id">;

export function createMidjourneyApi(options: { baseUrl?: string; getToken: () => string | null; onUnauthorized?: () => void; fetch?: typeof fetch }) {
  const base = (options.baseUrl ?? "").replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function post(path: string, body: unknown): Promise<MidjourneyAccepted> {
    const headers = new Headers({ "content-type": "application/json" });
    const token = options.getToken();
    if (token) headers.set("authorization", `Bearer ${token}`);
    let res: Response;
    try {
      res = await doFetch(`${base}/api/v1${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    } catch (err) {
      throw new ApiError("network_error", err instanceof Error ? err.message : String(err), 0);
    }
    if (!res.ok) {
      const error = await errorFromResponse(res);
      if (res.status === 401) options.onUnauthorized?.();
      throw error;
    }
    const parsed = midjourneyAccepted.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new ApiError("unexpected_response", `${path}: ${parsed.error.issues[0]?.message ?? "bad shape"}`, res.status);
    return parsed.data;
  }

  return {
    imagine: (input: ImagineInput) => post("/midjourney/imagine", input),
    /** Presses one button (U1, V2, 🔄…) of a finished task; the answer is a new task. */
    action: (input: ActionInput) => post("/midjourney/action", input),
  };
}

/** The accepted job as a task row, shown until the events stream sends the real state. */
export function queuedTask(accepted: MidjourneyAccepted, model: string): Task {
  return {
    id: accepted.id, object: "task", type: "midjourney", model, status: accepted.status, progress: 0, result: null,
    error: null, credits: null, created_at: accepted.created_at, updated_at: accepted.created_at, finished_at: null,
  };
}

export const midjourneyApi = createMidjourneyApi({
  baseUrl: import.meta.env.VITE_API_BASE_URL ?? "",
  getToken: () => session()?.token ?? null,
  onUnauthorized: signOut,
});
