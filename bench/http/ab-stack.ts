// One bench stack (bench/http/stack.ts, from WAULE_BENCH_ROOT's services) kept running for ab.ts: prints one JSON
// line with its URLs, pids and API key, and on SIGTERM stops, checks the books and prints them as a second line.
import { startBenchStack } from "./stack";

const stack = await startBenchStack({});
console.log(
  JSON.stringify({
    server: { url: stack.server.url, pid: stack.server.pid },
    gateway: { pid: stack.gateway.pid },
    upstream: { url: stack.upstream.url, pid: stack.upstream.pid },
    apiKey: stack.apiKey,
  }),
);
process.on("SIGTERM", () => {
  void (async () => {
    await stack.stop();
    const books = await stack.books();
    console.log(JSON.stringify({ books }));
    await stack.remove();
    process.exit(0);
  })();
});
