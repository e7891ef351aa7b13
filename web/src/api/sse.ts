// Server-Sent Events read from a fetch body, because EventSource cannot send the Authorization header.
export type SseMessage = { event: string; data: string; id: string | null };

/**
 * Yields one message per blank-line-terminated block, following the EventSource parsing rules:
 * `data:` lines join with "\n", one space after the colon is dropped, comment lines (":") are skipped,
 * and a block without data dispatches nothing. Lines may end in \n, \r\n or \r, split across chunks.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let event = "";
  let id: string | null = null;
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (;;) {
        const match = /\r\n|\n|\r/.exec(buffer);
        // A lone \r at the end may be the first half of \r\n: wait for the next chunk (unless there is none).
        if (!match || (!done && match[0] === "\r" && match.index === buffer.length - 1)) break;
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        if (line === "") {
          if (data.length > 0) yield { event: event || "message", data: data.join("\n"), id };
          event = "";
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "data") data.push(value);
        else if (field === "event") event = value;
        else if (field === "id") id = value;
      }
      if (done) break;
    }
  } finally {
    // Leaving the loop early (a `break` in the consumer, an abort) must close the connection too.
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
