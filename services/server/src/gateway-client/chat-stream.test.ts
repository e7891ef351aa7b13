import { describe, expect, test } from "bun:test";
import { AppError } from "@waule/shared/errors";
import { readChatEvents } from "./chat-stream";

/** A body that delivers exactly these pieces, then ends (or stays open when `hang`). */
function body(pieces: string[], hang = false) {
  const encoder = new TextEncoder();
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of pieces) controller.enqueue(encoder.encode(p));
      if (!hang) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

async function collect(
  stream: ReadableStream<Uint8Array>,
  abort: (r: unknown) => void = () => undefined,
  idleTimeoutMs = 1000,
) {
  const out: unknown[] = [];
  for await (const d of readChatEvents(stream, { idleTimeoutMs, abort })) out.push(d);
  return out;
}

describe("readChatEvents", () => {
  test("a CRLF line end split between two reads still ends the event once, in any cut", async () => {
    const text = 'data: {"content":"a"}\r\n\r\ndata: {"content":"b"}\r\n\r\ndata: [DONE]\r\n\r\n';
    for (let i = 1; i < text.length; i++) {
      for (const j of [i, Math.min(text.length, i + 1), Math.min(text.length, i + 2)]) {
        const { stream } = body([text.slice(0, i), text.slice(i, j), text.slice(j)]);
        expect(await collect(stream)).toEqual([{ content: "a" }, { content: "b" }]);
      }
    }
  });

  test("parses events split anywhere across reads, CRLF or LF, and stops at [DONE]", async () => {
    const { stream } = body([
      'data: {"provider":"sandbox","sand',
      'box":true}\r\n\r\ndata: {"content":"Hi"}\n',
      '\n: comment\n\ndata: {"content":" there"}\n\ndata: [DONE]\n\ndata: {"content":"after"}\n\n',
    ]);
    expect(await collect(stream)).toEqual([
      { provider: "sandbox", sandbox: true },
      { content: "Hi" },
      { content: " there" },
    ]);
  });

  test("a body that ends before [DONE] is a gateway error, after the events that did arrive", async () => {
    const { stream } = body(['data: {"content":"Hi"}\n\n']);
    const seen: unknown[] = [];
    const err = await (async () => {
      for await (const d of readChatEvents(stream, { idleTimeoutMs: 1000, abort: () => undefined })) seen.push(d);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(seen).toEqual([{ content: "Hi" }]);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("gateway_unavailable");
  });

  test("an event that is not JSON or not the internal shape is a gateway error", async () => {
    for (const bad of ["data: {nope\n\n", 'data: {"content":5}\n\n']) {
      const err = await collect(body([bad]).stream).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as AppError).code).toBe("gateway_unavailable");
    }
  });

  test("a silent gateway aborts the request and fails the stream", async () => {
    const reasons: unknown[] = [];
    const { stream, cancelled } = body(['data: {"content":"Hi"}\n\n'], true);
    const err = await collect(stream, (r) => reasons.push(r), 20).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as AppError).message).toContain("sent nothing for 20 ms");
    expect(reasons.length).toBeGreaterThanOrEqual(1);
    expect(cancelled()).toBe(true);
  });

  test("leaving the loop early aborts the request and cancels the body", async () => {
    const reasons: unknown[] = [];
    const { stream, cancelled } = body(['data: {"content":"a"}\n\ndata: {"content":"b"}\n\n'], true);
    for await (const d of readChatEvents(stream, { idleTimeoutMs: 1000, abort: (r) => reasons.push(r) })) {
      expect(d).toEqual({ content: "a" });
      break;
    }
    expect(reasons).toHaveLength(1);
    expect(cancelled()).toBe(true);
  });
});
