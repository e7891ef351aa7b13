// The server's only way to the gateway: signed internal calls with a timeout, errors mapped to AppError.
import { type InternalCapabilities, internalCapabilities } from "@waule/shared/capabilities";
import {
  type InternalChatDelta,
  type InternalChatRequest,
  type InternalChatResponse,
  internalChatResponse,
} from "@waule/shared/chat";
import type { Clock } from "@waule/shared/clock";
import { AppError, type ErrorCode, isErrorCode } from "@waule/shared/errors";
import { type InternalFileLinksRequest, internalFileLinks } from "@waule/shared/file-links";
import {
  type InternalImageRequest,
  type InternalImageResponse,
  internalImageResponse,
  type StorageTarget,
} from "@waule/shared/images";
import { signInternalRequest } from "@waule/shared/internal-signature";
import { type InternalSpeechRequest, type InternalSpeechResponse, internalSpeechResponse } from "@waule/shared/speech";
import { type InternalTaskPollRequest, type InternalTaskStatus, internalTaskStatus } from "@waule/shared/tasks";
import type { z } from "zod";
import { readChatEvents } from "./chat-stream";

export type GatewayFetch = (request: Request) => Promise<Response>;

export type TaskSubmitPath = `/internal/v1/${string}`;
/** What every task submit carries; the kind adds its own fields. */
export type TaskSubmitBody = { tenantId: string; serverTaskId: string; model: string; storage: StorageTarget };

export type GatewayClient = {
  generateImages(input: InternalImageRequest): Promise<InternalImageResponse>;
  /**
   * Starts a task at its kind's internal route (each kind builds its body from the shared schema); answers its status.
   * Resubmitting the same serverTaskId finds the same task.
   */
  submitTask<Body extends TaskSubmitBody>(path: TaskSubmitPath, input: Body): Promise<InternalTaskStatus>;
  /** A fresh status; the storage target travels with every poll because the gateway keeps no tenant credentials. */
  pollTask(gatewayTaskId: string, input: InternalTaskPollRequest): Promise<InternalTaskStatus>;
  /** Downloads a stored file (for b64_json answers). */
  fetchFile(url: string): Promise<Uint8Array>;
  /** Aborting `signal` (optional) drops the call: the server no longer wants its answer. */
  completeChat(input: InternalChatRequest, signal?: AbortSignal): Promise<InternalChatResponse>;
  /**
   * Opens a streamed chat: resolves once the gateway has answered (errors before that throw with their
   * code), then yields its events as they arrive. Aborting `signal` or leaving the loop closes the stream.
   */
  streamChat(input: InternalChatRequest, signal: AbortSignal): Promise<AsyncGenerator<InternalChatDelta>>;
  /** Synthesized audio bytes, with what produced them. */
  speechBytes(input: InternalSpeechRequest): Promise<SpeechBytes>;
  /** Synthesized audio stored in the call's storage target. */
  speechToStorage(input: InternalSpeechRequest): Promise<InternalSpeechResponse>;
  /** What the gateway can serve that depends on its set-up (an enabled Discord account for Midjourney). */
  capabilities(): Promise<InternalCapabilities>;
  /** Fresh links for one tenant's stored objects, in the order of `keys` (stored links expire, keys do not). */
  fileLinks(input: InternalFileLinksRequest): Promise<string[]>;
};

export type SpeechBytes = {
  data: Uint8Array;
  mimeType: string;
  provider: string;
  model: string;
  sandbox: boolean;
  durationSeconds?: number;
};

export type GatewayClientOptions = {
  baseUrl: string;
  secret: string;
  timeoutMs: number;
  clock: Clock;
  /** Injected so tests can route calls into an in-process gateway app. */
  fetch?: GatewayFetch;
};

/** Codes that describe the upstream's answer; the server passes them on so the tenant can tell a refusal from an outage. */
const passedThrough = new Set<ErrorCode>([
  "invalid_request",
  "not_found",
  "upstream_bad_request",
  "content_refused",
  "upstream_quota",
  "upstream_unavailable",
  "upstream_timeout",
]);

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  // Without an injected fetch the call goes straight to Bun's: no Request object is built for it.
  const injected = options.fetch;
  const base = options.baseUrl.replace(/\/+$/, "");

  async function send(url: string, init: RequestInit, what: string): Promise<Response> {
    try {
      return await (injected ? injected(new Request(url, init)) : fetch(url, init));
    } catch (err) {
      const timedOut = err instanceof DOMException && (err.name === "TimeoutError" || err.name === "AbortError");
      throw new AppError(
        "gateway_unavailable",
        timedOut
          ? `the gateway did not answer ${what} within ${options.timeoutMs} ms`
          : `the gateway is unreachable (${what})`,
      );
    }
  }

  /** Synchronous up to the fetch: a caller's synchronous step (a hold's decided callback) puts the call on the wire. */
  function signedPost(path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    const text = JSON.stringify(body);
    const headers = signInternalRequest(options.secret, {
      method: "POST",
      path,
      body: text,
      timestampMs: options.clock.now(),
    });
    headers["content-type"] = "application/json";
    return send(base + path, { method: "POST", headers, body: text, signal }, path);
  }

  async function call<T extends z.ZodType>(
    path: string,
    body: unknown,
    schema: T,
    signal?: AbortSignal,
  ): Promise<z.infer<T>> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const response = await signedPost(path, body, signal ? AbortSignal.any([signal, timeout]) : timeout);
    const payload = await response.json().catch(() => undefined);
    if (!response.ok) throw toAppError(response.status, payload);
    const parsed = schema.safeParse(payload);
    if (!parsed.success)
      throw new AppError("gateway_unavailable", `the gateway answered ${path} with an unexpected body`);
    return parsed.data;
  }

  return {
    generateImages: (input) => call("/internal/v1/images/generations", input, internalImageResponse),
    submitTask: (path, input) => call(path, input, internalTaskStatus),
    capabilities: () => call("/internal/v1/capabilities", {}, internalCapabilities),
    fileLinks: async (input) => (await call("/internal/v1/files/links", input, internalFileLinks)).urls,
    pollTask: (id, input) => call(`/internal/v1/tasks/${encodeURIComponent(id)}/poll`, input, internalTaskStatus),
    async fetchFile(url) {
      const response = await send(url, { signal: AbortSignal.timeout(options.timeoutMs) }, "file download");
      if (!response.ok)
        throw new AppError("gateway_unavailable", `stored file could not be read (HTTP ${response.status})`);
      return new Uint8Array(await response.arrayBuffer());
    },
    completeChat: (input, signal) =>
      call("/internal/v1/chat/completions", { ...input, stream: false }, internalChatResponse, signal),
    async streamChat(input, signal) {
      const path = "/internal/v1/chat/completions";
      // The timeout covers the wait for the gateway's first answer; afterwards only silence counts.
      const request = new AbortController();
      const timer = setTimeout(
        () => request.abort(new DOMException("no answer in time", "TimeoutError")),
        options.timeoutMs,
      );
      let response: Response;
      try {
        response = await signedPost(path, { ...input, stream: true }, AbortSignal.any([signal, request.signal]));
      } finally {
        clearTimeout(timer);
      }
      if (!response.ok) throw toAppError(response.status, await response.json().catch(() => undefined));
      if (!response.body || !response.headers.get("content-type")?.startsWith("text/event-stream")) {
        await response.body?.cancel();
        throw new AppError("gateway_unavailable", `the gateway answered ${path} without an event stream`);
      }
      return readChatEvents(response.body, {
        idleTimeoutMs: options.timeoutMs,
        abort: (reason) => request.abort(reason),
      });
    },
    async speechBytes(input) {
      const path = "/internal/v1/audio/speech";
      const response = await signedPost(path, { ...input, respond: "bytes" }, AbortSignal.timeout(options.timeoutMs));
      if (!response.ok) throw toAppError(response.status, await response.json().catch(() => undefined));
      // JSON or text on a 200 is not audio: passing it on would hand the tenant (and bill) whatever the gateway wrote.
      const type = response.headers.get("content-type") ?? "";
      if (/^(application\/json|text\/)/i.test(type)) {
        await response.body?.cancel();
        throw new AppError(
          "gateway_unavailable",
          `the gateway answered ${path} with ${type.split(";")[0]} instead of audio`,
        );
      }
      const duration = response.headers.get("x-waule-duration-seconds");
      return {
        data: new Uint8Array(await response.arrayBuffer()),
        mimeType: response.headers.get("content-type")?.split(";")[0]?.trim() || "application/octet-stream",
        provider: response.headers.get("x-waule-provider") ?? "unknown",
        model: response.headers.get("x-waule-model") ?? input.model,
        sandbox: response.headers.get("x-waule-sandbox") === "true",
        ...(duration === null ? {} : { durationSeconds: Number(duration) }),
      };
    },
    speechToStorage: (input) => call("/internal/v1/audio/speech", { ...input, respond: "url" }, internalSpeechResponse),
  };
}

export function toAppError(status: number, payload: unknown): AppError {
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const message = typeof error?.message === "string" ? error.message : `the gateway answered HTTP ${status}`;
  if (isErrorCode(error?.code) && passedThrough.has(error.code)) return new AppError(error.code, message);
  if (status === 401)
    return new AppError("gateway_unavailable", "the gateway refused the server's signature (check INTERNAL_SECRET)");
  // Anything else is the gateway's own failure: its message may hold internals (a stack, a key), so the tenant gets only the status.
  return new AppError("gateway_unavailable", `the gateway failed (HTTP ${status})`);
}
