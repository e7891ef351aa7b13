// The web app's one API client: typed calls to the tenant API, every answer checked against the shared zod schemas.
import { imageGenerationResponse, type ImageGenerationRequest, type ImageGenerationResponse } from "@waule/shared/images";
import {
  loginResponse,
  meResponse,
  usagePage,
  type LoginRequest,
  type LoginResponse,
  type MeResponse,
  type UsagePage,
  type UsageQuery,
} from "@waule/shared/account";
import { chatCompletionChunk, type ChatCompletionChunk, type ChatCompletionRequest } from "@waule/shared/chat";
import { modelList, type ModelCapability } from "@waule/shared/models";
import { speechUrlResponse, type SpeechRequest, type SpeechUrlResponse } from "@waule/shared/speech";
import { task, taskList, type Task, type TaskList, type TaskListQuery } from "@waule/shared/tasks";
import { videoGenerationAccepted, type videoGenerationRequest, type VideoGenerationAccepted } from "@waule/shared/videos";
import type { z } from "zod";
import { ApiError, errorFromResponse } from "./api-error";
import { hasCapability, type ModelEntry } from "./models";
import { readSse } from "./sse";

export type ApiClientOptions = {
  /** Origin of the server ("" = same origin as the page). */
  baseUrl?: string;
  getToken: () => string | null;
  /** Called on any 401 so the app can drop a stale session. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
};

export type ImageGenerationInput = Pick<ImageGenerationRequest, "model" | "prompt" | "n" | "size">;
export type ChatStreamInput = Pick<ChatCompletionRequest, "model" | "messages" | "max_tokens">;
export type SpeechInput = Pick<SpeechRequest, "model" | "input" | "voice" | "response_format" | "speed">;
export type VideoGenerationInput = Omit<z.input<typeof videoGenerationRequest>, "callback_url" | "provider" | "user">;
export type TaskQuery = Pick<TaskListQuery, "page" | "limit" | "order" | "status" | "type">;

export function createApiClient(options: ApiClientOptions) {
  const base = (options.baseUrl ?? "").replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  /** Sends one request with the session's token; any non-2xx answer becomes an ApiError. */
  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const token = options.getToken();
    if (token) headers.set("authorization", `Bearer ${token}`);
    if (init.body !== undefined) headers.set("content-type", "application/json");
    let res: Response;
    try {
      res = await doFetch(`${base}/api/v1${path}`, { ...init, headers });
    } catch (err) {
      // The user's own stop is not a network failure: let the caller see the abort as it is.
      if (init.signal?.aborted) throw err;
      throw new ApiError("network_error", err instanceof Error ? err.message : String(err), 0);
    }
    if (!res.ok) {
      const error = await errorFromResponse(res);
      if (res.status === 401) options.onUnauthorized?.();
      throw error;
    }
    return res;
  }

  async function call<S extends z.ZodType>(schema: S, path: string, init: RequestInit = {}): Promise<z.infer<S>> {
    const res = await send(path, init);
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new ApiError("unexpected_response", `${path}: ${parsed.error.issues[0]?.message ?? "bad shape"}`, res.status);
    return parsed.data;
  }

  /** Parses one SSE data payload; an `{ error }` sent after the stream started becomes an ApiError. */
  function parseEvent<S extends z.ZodType>(schema: S, data: string, path: string): z.infer<S> {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      throw new ApiError("unexpected_response", `${path}: an event is not JSON`, 200);
    }
    const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (error && typeof error.code === "string") throw new ApiError(error.code, String(error.message ?? error.code), 200);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ApiError("unexpected_response", `${path}: ${parsed.error.issues[0]?.message ?? "bad event"}`, 200);
    return parsed.data;
  }

  async function models(capability?: ModelCapability): Promise<ModelEntry[]> {
    const list = await call(modelList, "/models");
    return capability ? list.data.filter(hasCapability(capability)) : list.data;
  }

  return {
    login(body: LoginRequest): Promise<LoginResponse> {
      return call(loginResponse, "/auth/login", { method: "POST", body: JSON.stringify(body) });
    },
    me(): Promise<MeResponse> {
      return call(meResponse, "/me");
    },
    models,
    imageModels(): Promise<ModelEntry[]> {
      return models("image");
    },
    generateImages(input: ImageGenerationInput): Promise<ImageGenerationResponse> {
      return call(imageGenerationResponse, "/images/generations", { method: "POST", body: JSON.stringify(input) });
    },
    usage(query: Pick<UsageQuery, "page" | "limit" | "order">): Promise<UsagePage> {
      const params = new URLSearchParams({ page: String(query.page), limit: String(query.limit), order: query.order });
      return call(usagePage, `/usage?${params}`);
    },

    /** Streams a chat answer chunk by chunk as the server relays it; ends at `data: [DONE]` or when `signal` aborts. */
    async *streamChat(input: ChatStreamInput, signal?: AbortSignal): AsyncGenerator<ChatCompletionChunk> {
      const path = "/chat/completions";
      const body = { ...input, stream: true, stream_options: { include_usage: true } };
      const res = await send(path, { method: "POST", body: JSON.stringify(body), signal });
      if (!res.body) throw new ApiError("unexpected_response", `${path}: no body`, res.status);
      for await (const message of readSse(res.body)) {
        if (message.data === "[DONE]") return;
        yield parseEvent(chatCompletionChunk, message.data, path);
      }
      // A stream that stops without [DONE] was cut: the answer is incomplete, say so.
      if (!signal?.aborted) throw new ApiError("stream_interrupted", `${path}: the stream ended before [DONE]`, res.status);
    },

    /** Speech stored by the platform (Waule's URL mode), so the page can replay and offer a download. */
    speech(input: SpeechInput): Promise<SpeechUrlResponse> {
      return call(speechUrlResponse, "/audio/speech", { method: "POST", body: JSON.stringify({ ...input, waule_response: "url" }) });
    },

    createVideo(input: VideoGenerationInput): Promise<VideoGenerationAccepted> {
      return call(videoGenerationAccepted, "/videos/generations", { method: "POST", body: JSON.stringify(input) });
    },
    tasks(query: TaskQuery): Promise<TaskList> {
      const params = new URLSearchParams({ page: String(query.page), limit: String(query.limit), order: query.order });
      if (query.status) params.set("status", query.status);
      if (query.type) params.set("type", query.type);
      return call(taskList, `/tasks?${params}`);
    },
    task(id: string): Promise<Task> {
      return call(task, `/tasks/${encodeURIComponent(id)}`);
    },
    /** The task's current state, then each change, until it ends (the server closes the stream) or `signal` aborts. */
    async *taskEvents(id: string, signal?: AbortSignal): AsyncGenerator<Task> {
      const path = `/tasks/${encodeURIComponent(id)}/events`;
      const res = await send(path, { headers: { accept: "text/event-stream" }, signal });
      if (!res.body) throw new ApiError("unexpected_response", `${path}: no body`, res.status);
      for await (const message of readSse(res.body)) yield parseEvent(task, message.data, path);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
