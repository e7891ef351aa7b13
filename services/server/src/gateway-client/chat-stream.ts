// Reads the gateway's internal chat SSE (internalChatDelta events, then [DONE]) one event at a time, as it arrives.
import { type InternalChatDelta, internalChatDelta } from "@waule/shared/chat";
import { AppError } from "@waule/shared/errors";

export type ChatEventOptions = {
  /** Longest silence between two events before the stream counts as dead. */
  idleTimeoutMs: number;
  /** Aborts the underlying request; called on idle timeout and when the consumer stops early. */
  abort: (reason: unknown) => void;
};

function dataOf(block: string): string | null {
  const lines = block.split(/\r?\n/).filter((l) => l.startsWith("data:"));
  if (lines.length === 0) return null;
  return lines.map((l) => l.slice(5).replace(/^ /, "")).join("\n");
}

/**
 * Yields each event's delta. Ends at `[DONE]`; a body that ends without it, an unparsable event or an
 * idle gateway is a gateway_unavailable error. Returning early (the consumer left) aborts the request.
 */
export async function* readChatEvents(
  body: ReadableStream<Uint8Array>,
  options: ChatEventOptions,
): AsyncGenerator<InternalChatDelta> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let finished = false;
  try {
    for (;;) {
      for (let at = buffer.search(/\r?\n\r?\n/); at >= 0; at = buffer.search(/\r?\n\r?\n/)) {
        const block = buffer.slice(0, at);
        buffer = buffer.slice(at).replace(/^\r?\n\r?\n/, "");
        const data = dataOf(block);
        if (data === null) continue;
        if (data === "[DONE]") {
          finished = true;
          return;
        }
        const parsed = internalChatDelta.safeParse(JSON.parse(data));
        if (!parsed.success) throw new AppError("gateway_unavailable", "the gateway streamed an unexpected event");
        yield parsed.data;
      }
      const chunk = await readWithin(reader, options);
      if (chunk.done) throw new AppError("gateway_unavailable", "the gateway's chat stream ended before [DONE]");
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof SyntaxError)
      throw new AppError("gateway_unavailable", "the gateway streamed an event that is not JSON");
    throw new AppError(
      "gateway_unavailable",
      `the gateway's chat stream broke: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    if (!finished) {
      options.abort(new DOMException("the chat stream was abandoned", "AbortError"));
      await reader.cancel().catch(() => undefined);
    }
    reader.releaseLock();
  }
}

async function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, options: ChatEventOptions) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      options.abort(new DOMException("the gateway went silent", "TimeoutError"));
      reject(
        new AppError("gateway_unavailable", `the gateway sent nothing for ${options.idleTimeoutMs} ms mid-stream`),
      );
    }, options.idleTimeoutMs);
  });
  try {
    return await Promise.race([reader.read(), idle]);
  } finally {
    clearTimeout(timer);
  }
}
