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
  let data: string | null = null;
  for (const line of block.split("\n")) {
    if (!line.startsWith("data:")) continue;
    const value = line[5] === " " ? line.slice(6) : line.slice(5);
    data = data === null ? value : `${data}\n${value}`;
  }
  return data;
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
  // The last piece ended in \r: a \n starting the next one is the rest of that \r\n.
  let skipLf = false;
  let finished = false;
  try {
    for (;;) {
      let start = 0;
      for (let at = buffer.indexOf("\n\n"); at >= 0; at = buffer.indexOf("\n\n", start)) {
        const data = dataOf(buffer.slice(start, at));
        start = at + 2;
        if (data === null) continue;
        if (data === "[DONE]") {
          finished = true;
          return;
        }
        const parsed = internalChatDelta.safeParse(JSON.parse(data));
        if (!parsed.success) throw new AppError("gateway_unavailable", "the gateway streamed an unexpected event");
        yield parsed.data;
      }
      if (start > 0) buffer = buffer.slice(start);
      const chunk = await readWithin(reader, options);
      if (chunk.done) throw new AppError("gateway_unavailable", "the gateway's chat stream ended before [DONE]");
      const piece = decoder.decode(chunk.value, { stream: true });
      if (piece.length === 0) continue;
      const text: string = skipLf && piece.startsWith("\n") ? piece.slice(1) : piece;
      skipLf = text.endsWith("\r");
      // Line ends as one \n, so an event ends at the first blank line whichever ending the gateway used.
      buffer += text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
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

/** One read, or the idle timeout's error when the gateway sends nothing for idleTimeoutMs (the request is aborted). */
async function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, options: ChatEventOptions) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const read = reader.read();
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      options.abort(new DOMException("the gateway went silent", "TimeoutError"));
      reject(
        new AppError("gateway_unavailable", `the gateway sent nothing for ${options.idleTimeoutMs} ms mid-stream`),
      );
    }, options.idleTimeoutMs);
  });
  try {
    return await Promise.race([read, idle]);
  } finally {
    clearTimeout(timer);
  }
}
