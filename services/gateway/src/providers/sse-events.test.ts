import { describe, expect, test } from "bun:test";
import { createParser } from "eventsource-parser";
import { createSseSplitter, sseData } from "./sse-events";

/** eventsource-parser (a full SSE implementation) as the reference: the data of each event it dispatches. */
function reference(text: string): string[] {
  const out: string[] = [];
  const parser = createParser({ onEvent: (e) => out.push(e.data) });
  parser.feed(text);
  return out;
}

function split(text: string, cuts: number[]): string[] {
  const splitter = createSseSplitter();
  const out: string[] = [];
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    out.push(...splitter.push(text.slice(at, cut)));
    at = cut;
  }
  return out;
}

const samples = [
  'data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n',
  'data: {"a":1}\r\n\r\ndata:{"b":2}\r\n\r\n',
  "data: one\rdata: two\r\r",
  ": a comment\n\nid: 7\nevent: x\ndata: first\ndata: second\n\n",
  "data\n\ndata:\n\ndatafoo: not data\n\ndata:  two spaces\n\n",
  "retry: 10\n\ndata: 中文 and émoji 🎉\n\n",
  "data: trailing, never ended",
  "data: a\r\n\r\ndata: b\r\n\ndata: c\n\r\n",
];

describe("SSE splitter", () => {
  test("gives what a full SSE parser gives, however the text is cut into pieces", () => {
    for (const text of samples) {
      const whole = reference(text);
      expect(split(text, [])).toEqual(whole);
      for (let i = 1; i < text.length; i++) expect(split(text, [i])).toEqual(whole);
      expect(
        split(
          text,
          Array.from({ length: text.length }, (_, i) => i),
        ),
      ).toEqual(whole);
      for (let i = 1; i < text.length; i++)
        for (let j = i; j < Math.min(text.length, i + 3); j++) expect(split(text, [i, j, j])).toEqual(whole);
    }
  });

  test("an event is given as soon as its blank line arrives, not when the body ends", () => {
    const splitter = createSseSplitter();
    expect(splitter.push("data: a\n")).toEqual([]);
    expect(splitter.push("\ndata: b")).toEqual(["a"]);
    expect(splitter.push("\n\n")).toEqual(["b"]);
  });

  test("sseData decodes bytes split inside a multi-byte character and cancels the body when left early", async () => {
    const bytes = new TextEncoder().encode("data: 你好\n\ndata: two\n\ndata: three\n\n");
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 8)); // cuts 你 in half
        controller.enqueue(bytes.slice(8));
      },
      cancel() {
        cancelled = true;
      },
    });
    const seen: string[] = [];
    for await (const data of sseData(body, (e) => e)) {
      seen.push(data);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(["你好", "two"]);
    expect(cancelled).toBe(true);
  });
});
