// The web app's one tenant API client: typed calls to /api/v1, every answer checked against the shared zod schemas.

import {
  type LoginRequest,
  type LoginResponse,
  loginResponse,
  type MeResponse,
  meResponse,
  type UsagePage,
  type UsageQuery,
  usagePage,
} from "@waule/shared/account";
import { type ChatCompletionChunk, type ChatCompletionRequest, chatCompletionChunk } from "@waule/shared/chat";
import {
  type ImageGenerationRequest,
  type ImageGenerationResponse,
  imageGenerationResponse,
} from "@waule/shared/images";
import { type ModelCapability, modelList } from "@waule/shared/models";
import { type SpeechRequest, type SpeechUrlResponse, speechUrlResponse } from "@waule/shared/speech";
import { type Task, type TaskList, type TaskListQuery, task, taskList } from "@waule/shared/tasks";
import {
  type VideoGenerationAccepted,
  videoGenerationAccepted,
  type videoGenerationRequest,
} from "@waule/shared/videos";
import type { z } from "zod";
import { ApiError } from "./api-error";
import { createHttp, type HttpOptions, queryString } from "./http";
import { midjourneyCalls } from "./midjourney";
import { hasCapability, type ModelEntry } from "./models";
import { readSse } from "./sse";
import { teamCalls } from "./team";

export type ApiClientOptions = Omit<HttpOptions, "prefix">;

export type ImageGenerationInput = Pick<ImageGenerationRequest, "model" | "prompt" | "n" | "size">;
export type ChatStreamInput = Pick<ChatCompletionRequest, "model" | "messages" | "max_tokens">;
export type SpeechInput = Pick<SpeechRequest, "model" | "input" | "voice" | "response_format" | "speed">;
export type VideoGenerationInput = Omit<z.input<typeof videoGenerationRequest>, "callback_url" | "provider" | "user">;
export type UsageFilter = Pick<UsageQuery, "page" | "limit" | "order"> &
  Partial<Pick<UsageQuery, "operation" | "model" | "userId" | "from" | "to">>;
export type TaskQuery = Pick<TaskListQuery, "page" | "limit" | "order" | "status" | "type">;

export function createApiClient(options: ApiClientOptions) {
  const http = createHttp({ ...options, prefix: "/api/v1" });
  const { send, get, post } = http;

  /** Parses one SSE data payload; an `{ error }` sent after the stream started becomes an ApiError. */
  function parseEvent<S extends z.ZodType>(schema: S, data: string, path: string): z.infer<S> {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      throw new ApiError("unexpected_response", `${path}: an event is not JSON`, 200);
    }
    const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (error && typeof error.code === "string")
      throw new ApiError(error.code, String(error.message ?? error.code), 200);
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new ApiError("unexpected_response", `${path}: ${parsed.error.issues[0]?.message ?? "bad event"}`, 200);
    return parsed.data;
  }

  async function models(capability?: ModelCapability): Promise<ModelEntry[]> {
    const list = await get(modelList, "/models");
    return capability ? list.data.filter(hasCapability(capability)) : list.data;
  }

  return {
    login(body: LoginRequest): Promise<LoginResponse> {
      return post(loginResponse, "/auth/login", body);
    },
    me(): Promise<MeResponse> {
      return get(meResponse, "/me");
    },
    models,
    imageModels(): Promise<ModelEntry[]> {
      return models("image");
    },
    generateImages(input: ImageGenerationInput): Promise<ImageGenerationResponse> {
      return post(imageGenerationResponse, "/images/generations", input);
    },
    /** Billed calls with their prompt and results; a member gets only their own. */
    usage(query: UsageFilter): Promise<UsagePage> {
      const { page, limit, order, operation, model, userId, from, to } = query;
      return get(usagePage, `/usage${queryString({ page, limit, order, operation, model, userId, from, to })}`);
    },

    /** Streams a chat answer chunk by chunk as the server relays it; ends at `data: [DONE]` or when `signal` aborts. */
    async *streamChat(input: ChatStreamInput, signal?: AbortSignal): AsyncGenerator<ChatCompletionChunk> {
      const path = "/chat/completions";
      const body = { ...input, stream: true, stream_options: { include_usage: true } };
      const res = await send(path, { method: "POST", body, signal });
      if (!res.body) throw new ApiError("unexpected_response", `${path}: no body`, res.status);
      for await (const message of readSse(res.body)) {
        if (message.data === "[DONE]") return;
        yield parseEvent(chatCompletionChunk, message.data, path);
      }
      // A stream that stops without [DONE] was cut: the answer is incomplete, say so.
      if (!signal?.aborted)
        throw new ApiError("stream_interrupted", `${path}: the stream ended before [DONE]`, res.status);
    },

    /** Speech stored by the platform (Waule's URL mode), so the page can replay and offer a download. */
    speech(input: SpeechInput): Promise<SpeechUrlResponse> {
      return post(speechUrlResponse, "/audio/speech", { ...input, waule_response: "url" });
    },

    createVideo(input: VideoGenerationInput): Promise<VideoGenerationAccepted> {
      return post(videoGenerationAccepted, "/videos/generations", input);
    },
    tasks(query: TaskQuery): Promise<TaskList> {
      return get(
        taskList,
        `/tasks${queryString({ page: query.page, limit: query.limit, order: query.order, status: query.status, type: query.type })}`,
      );
    },
    task(id: string): Promise<Task> {
      return get(task, `/tasks/${encodeURIComponent(id)}`);
    },
    /** The task's current state, then each change, until it ends (the server closes the stream) or `signal` aborts. */
    async *taskEvents(id: string, signal?: AbortSignal): AsyncGenerator<Task> {
      const path = `/tasks/${encodeURIComponent(id)}/events`;
      const res = await send(path, { headers: { accept: "text/event-stream" }, signal });
      if (!res.body) throw new ApiError("unexpected_response", `${path}: no body`, res.status);
      for await (const message of readSse(res.body)) yield parseEvent(task, message.data, path);
    },

    /** Tenant self-service: users, keys, ledger, storage, webhooks, own password. */
    team: teamCalls(http),
    midjourney: midjourneyCalls(http),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
