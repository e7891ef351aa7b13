// Server-sent events read straight off a response body: each event's `data` as one string, the moment the blank line
// ending it arrives. Replaces a TextDecoderStream + EventSourceParserStream pipe (two transform streams, a promise
// hop and an object per event on every chunk) on the streamed chat path; only the `data` field is kept, which is
// all the chat streams carry (id, event and retry fields are read past).
//
// Per the SSE format (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
// lines end in \n, \r\n or \r; a blank line ends an event; `data:` lines (one optional space after the colon) are
// joined with \n; lines starting with ":" are comments; an event without data lines is skipped; a trailing event
// not ended by a blank line when the body ends is dropped.

/** Splits decoded text into events' data; holds a partial event until the rest of it arrives. */
export function createSseSplitter() {
  let buffer = "";
  // The last piece ended in \r: if the next starts with \n, the two were one \r\n line end.
  let skipLf = false;
  return {
    /** The data of every event completed by `text`. */
    push(piece: string): string[] {
      if (piece.length === 0) return [];
      let text = skipLf && piece.startsWith("\n") ? piece.slice(1) : piece;
      skipLf = text.endsWith("\r");
      if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
      buffer += text;
      const events: string[] = [];
      let start = 0;
      for (let end = buffer.indexOf("\n\n", start); end >= 0; end = buffer.indexOf("\n\n", start)) {
        const data = dataOf(buffer.slice(start, end));
        if (data !== null) events.push(data);
        start = end + 2;
      }
      if (start > 0) buffer = buffer.slice(start);
      return events;
    },
  };
}

function dataOf(block: string): string | null {
  let data: string | null = null;
  for (const line of block.split("\n")) {
    if (!line.startsWith("data")) continue;
    let value: string;
    if (line.length === 4) value = "";
    else if (line[4] === ":") value = line[5] === " " ? line.slice(6) : line.slice(5);
    else continue; // another field whose name starts with "data"
    data = data === null ? value : `${data}\n${value}`;
  }
  return data;
}

/** Yields each event's data from a body as it streams in; cancelling the iteration cancels the body. */
export async function* sseData(
  body: ReadableStream<Uint8Array>,
  onReadError: (err: unknown) => unknown,
): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const splitter = createSseSplitter();
  try {
    for (;;) {
      const next = await reader.read().catch((err: unknown) => {
        throw onReadError(err);
      });
      if (next.done) return;
      for (const data of splitter.push(decoder.decode(next.value, { stream: true }))) yield data;
    }
  } finally {
    // Abandoning the iteration (the caller went away) must close the upstream connection too.
    await reader.cancel().catch(() => undefined);
  }
}
