// POST /internal/v1/chat/completions: JSON answer, or with `stream` an SSE of internalChatDelta events ending in [DONE].
import { type InternalChatResponse, internalChatRequest } from "@waule/shared/chat";
import { Hono } from "hono";
import type { CallContext } from "../calls/context";
import { validate } from "../http/validate";
import { completeChat } from "./complete";
import { chatEventStream, openChatStream } from "./stream";

export function chatRoute(deps: CallContext) {
  return new Hono().post("/v1/chat/completions", validate("json", internalChatRequest), async (c) => {
    const req = c.req.valid("json");
    if (!req.stream) {
      const result: InternalChatResponse = await completeChat(deps, req, c.req.raw.signal);
      return c.json(result, 200);
    }
    // Aborted by the server's disconnect (request signal) or by the body being cancelled.
    const abort = new AbortController();
    const signal = AbortSignal.any([c.req.raw.signal, abort.signal]);
    const opened = await openChatStream(deps, req, signal);
    return new Response(chatEventStream(opened, abort), {
      status: 200,
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "x-accel-buffering": "no",
      },
    });
  });
}
