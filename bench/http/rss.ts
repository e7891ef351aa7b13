// Memory under sustained billed chat load: N bursts of `calls` at c=50 on one stack, the server's and the
// gateway's RSS after each and after 5 s idle, so growth (a leak) shows apart from the plateau. The books are
// checked at the end. The processes see the deployment's RAM size unless BUN_JSC_forceRAMSize says otherwise
// (stack.ts; BUN_JSC_forceRAMSize=0 sizes the JS heap for this host's RAM instead).
//   bun bench/http/rss.ts [--bursts=8] [--calls=10000]
import { flag } from "./cli";
import { burst } from "./load";
import { billedChat, booksProblems, startBenchStack } from "./stack";

const bursts = flag("bursts", 8);
const calls = flag("calls", 10_000);

const stack = await startBenchStack({});
let answered = 0;
try {
  const call = billedChat(stack);
  const rss = () => `server RSS ${stack.server.rssMb().toFixed(0)} MB, gateway ${stack.gateway.rssMb().toFixed(0)} MB`;
  for (let i = 1; i <= bursts; i++) {
    const r = await burst(call, 50, calls);
    if (r.failed) throw new Error(`${r.failed} calls failed`);
    answered += r.ok;
    console.log(`after ${answered} calls: ${r.reqPerSec.toFixed(0)} req/s, ${rss()}`);
  }
  await Bun.sleep(5_000);
  console.log(`after 5 s idle: ${rss()}`);
} finally {
  await stack.stop();
}
const books = await stack.books();
await stack.remove();
const problems = booksProblems(books, answered);
console.log(
  `books: ${answered} answered billed calls, ${books.usageRows} usage rows, ${problems.length ? problems.join("; ") : "billed exactly"}`,
);
if (problems.length) throw new Error(`the books do not balance: ${problems.join("; ")}`);
