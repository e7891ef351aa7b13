// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) one after another and prints ops/sec.
import { Glob } from "bun";
import { type BenchResult, formatResults } from "./measure";

const filters = process.argv.slice(2);
const files = [...new Glob("*.bench.ts").scanSync({ cwd: import.meta.dir })]
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort();

if (files.length === 0) {
  console.error(`no bench files matched ${filters.length ? filters.join(", ") : "bench/*.bench.ts"}`);
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  const mod = (await import(`./${file}`)) as { run?: () => Promise<BenchResult[]> };
  if (typeof mod.run !== "function") {
    console.error(`${file}: exports no run() function`);
    failed++;
    continue;
  }
  try {
    console.log(formatResults(file, await mod.run()));
  } catch (err) {
    console.error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
