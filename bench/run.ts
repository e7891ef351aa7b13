// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) one after another and prints ops/sec.
import { Glob } from "bun";
import { type BenchOptions, type BenchResult, formatResults } from "./measure";

// Words pick bench files by name; `--flags` go to every bench (e.g. `npm run bench -- http --quick`).
const filters = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const options: BenchOptions = { flags: process.argv.slice(2).filter((a) => a.startsWith("--")) };
const files = [...new Glob("*.bench.ts").scanSync({ cwd: import.meta.dir })]
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort();

if (files.length === 0) {
  console.error(`no bench files matched ${filters.length ? filters.join(", ") : "bench/*.bench.ts"}`);
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  const mod = (await import(`./${file}`)) as { run?: (options: BenchOptions) => Promise<BenchResult[]> };
  if (typeof mod.run !== "function") {
    console.error(`${file}: exports no run() function`);
    failed++;
    continue;
  }
  try {
    console.log(formatResults(file, await mod.run(options)));
  } catch (err) {
    console.error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
