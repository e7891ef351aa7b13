import { describe, expect, test } from "bun:test";
import { readSse, type SseMessage } from "./sse";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const message of readSse(streamOf(chunks))) out.push(message);
  return out;
}

describe("readSse", () => {
  test("reads OpenAI-style data lines up to [DONE], split anywhere across chunks", async () => {
    const text = 'data: {"a":1}\n\ndata: {"a":2}\n\ndata: [DONE]\n\n';
    const chunks = text.match(/.{1,3}/gs) ?? [];
    expect((await collect(chunks)).map((m) => m.data)).toEqual(['{"a":1}', '{"a":2}', "[DONE]"]);
  });

  test("keeps event names and ids, joins multi-line data, skips comments and empty blocks", async () => {
    const messages = await collect([
      ": ping\n\n",
      "event: task.running\nid: 7\ndata: one\ndata:two\n\n",
      "event: ignored\n\n",
      "data: x\n\n",
    ]);
    expect(messages).toEqual([
      { event: "task.running", data: "one\ntwo", id: "7" },
      { event: "message", data: "x", id: "7" },
    ]);
  });

  test("accepts CRLF and CR line endings, including a CRLF split between chunks", async () => {
    const messages = await collect(["data: a\r", "\n\r\n", "data: b\r\r"]);
    expect(messages.map((m) => m.data)).toEqual(["a", "b"]);
  });

  test("drops an unterminated last block, as EventSource does", async () => {
    expect(await collect(["data: whole\n\n", "data: cut"])).toEqual([{ event: "message", data: "whole", id: null }]);
  });

  test("cancels the body when the consumer stops early", async () => {
    let canceled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("data: tick\n\n"));
      },
      cancel() {
        canceled = true;
      },
    });
    for await (const message of readSse(body)) {
      expect(message.data).toBe("tick");
      break;
    }
    expect(canceled).toBe(true);
  });
});
