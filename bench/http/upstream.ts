// The benchmark's upstream: a zero-delay OpenAI-compatible chat endpoint (JSON and SSE) on loopback, run as its own process.
// Every answer is built once at start, so the figures measure the hops in front of it, not this process.

const created = 1_700_000_000;
const usage = { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 };
const whole = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created,
  model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content: "Hello there!" }, finish_reason: "stop" }],
  usage,
});
const chunk = (choices: unknown[], withUsage: unknown = null) =>
  `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created, model: "gpt-4o-mini", choices, usage: withUsage })}\n\n`;
const events = [
  chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]),
  ...["Hello", " there", "!"].map((content) => chunk([{ index: 0, delta: { content }, finish_reason: null }])),
  chunk([{ index: 0, delta: {}, finish_reason: "stop" }]),
  chunk([], usage),
  "data: [DONE]\n\n",
];
const stream = events.join("");
// UPSTREAM_STREAM=events: each event is its own write on the socket (its own HTTP chunk), as a provider sends tokens
// as they come, only with no time between them. Otherwise (`one-write`) the whole stream goes out in one write.
const perEvent = process.env.UPSTREAM_STREAM === "events";
const eventSource: Bun.DirectUnderlyingSource<string> = {
  type: "direct",
  async pull(controller) {
    for (const event of events) {
      controller.write(event);
      await controller.flush();
      // The next event in a later turn of the event loop, so this one leaves in a write of its own.
      await new Promise((next) => setImmediate(next));
    }
    controller.close();
  },
};
// With the DOM lib loaded, the types know only the standard constructor; Bun's own takes the direct source.
const eventStream = () => new ReadableStream(eventSource as unknown as UnderlyingDefaultSource<string>);

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(process.env.PORT ?? 0),
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/health") return Response.json({ ok: true });
    if (request.method !== "POST" || path !== "/v1/chat/completions")
      return Response.json({ error: { message: "not found" } }, { status: 404 });
    const streamed = (await request.text()).includes('"stream":true');
    return streamed
      ? new Response(perEvent ? eventStream() : stream, { headers: { "content-type": "text/event-stream" } })
      : new Response(whole, { headers: { "content-type": "application/json" } });
  },
});
console.log(`[upstream] listening on http://127.0.0.1:${server.port}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
