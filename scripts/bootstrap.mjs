// Entry point of `npm start|test|bench`: needs only Node.js 20 + npm; brings Bun, installs the workspace, then hands over to Bun.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BUN_VERSION = "1.4.5";
const toolsDir = join(root, ".tools");

function log(message) {
  console.log(`[bootstrap] ${message}`);
}

function works(bin) {
  const out = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return out.status === 0 ? out.stdout.trim() : null;
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/** The npm `bun` package ships the binary in an optional @oven/bun-<platform> dependency; its own bin is a hard link to it. */
function localBunCandidates() {
  const list = [join(toolsDir, "node_modules", ".bin", "bun")];
  const oven = join(toolsDir, "node_modules", "@oven");
  if (existsSync(oven)) {
    for (const pkg of readdirSync(oven)) list.push(join(oven, pkg, "bin", "bun"));
  }
  return list;
}

function findBun() {
  for (const candidate of [onPath("bun"), ...localBunCandidates()]) {
    if (candidate && existsSync(candidate) && works(candidate)) return candidate;
  }
  return null;
}

/** Children (package scripts, tests that spawn `bun`) must find the same Bun, even when it lives in .tools/. */
function envWithBun(bin) {
  return { ...process.env, PATH: `${dirname(bin)}${delimiter}${process.env.PATH ?? ""}` };
}

function run(bin, args, options = {}) {
  const result = spawnSync(bin, args, { cwd: root, stdio: "inherit", env: envWithBun(bin), ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function ensureBun() {
  const found = findBun();
  if (found) return found;
  log(`bun not found; installing bun@${BUN_VERSION} into .tools/ with npm`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const status = run(npm, ["install", "--prefix", toolsDir, "--no-audit", "--no-fund", `bun@${BUN_VERSION}`], {
    env: process.env,
  });
  const installed = findBun();
  if (status !== 0 || !installed) {
    console.error("[bootstrap] could not install bun; install it from the npm registry (`npm i -g bun`) and retry");
    process.exit(1);
  }
  return installed;
}

function ensureDependencies(bun) {
  const status = run(bun, ["install", "--frozen-lockfile"]);
  if (status !== 0) {
    console.error(
      "[bootstrap] `bun install --frozen-lockfile` failed: bun.lock does not match the package.json files; run `bun install` and commit bun.lock",
    );
    process.exit(status);
  }
}

/** Runs the final command as a child and mirrors its exit; signals reach it through the shared process group. */
function handOver(bin, args) {
  const child = spawn(bin, args, { cwd: root, stdio: "inherit", env: envWithBun(bin) });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * Runs `bun test`, passing its output through, and ends with one plain closing line
 * ("tests: N passed, N failed") that CI can read whatever runner it expects.
 */
function runTests(bin, args) {
  // bunfig.toml's [test] timeout is not read by this Bun, so the per-test timeout is passed on the command line:
  // whole-path and Chromium tests start services and a browser, and 5 s is too short on a loaded 2-core machine.
  const child = spawn(bin, ["test", "--timeout", "30000", ...args], {
    cwd: root,
    stdio: ["inherit", "pipe", "pipe"],
    env: envWithBun(bin),
  });
  let tail = "";
  const keep = (chunk) => {
    tail = (tail + chunk.toString("utf8")).slice(-4096);
  };
  child.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    keep(chunk);
  });
  child.stderr.on("data", (chunk) => {
    process.stderr.write(chunk);
    keep(chunk);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => {
    const passed = /^\s*(\d+) pass\s*$/m.exec(tail)?.[1];
    const failed = /^\s*(\d+) fail\s*$/m.exec(tail)?.[1];
    if (passed !== undefined) console.log(`tests: ${passed} passed, ${failed ?? "0"} failed`);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

const command = process.argv[2];
const rest = process.argv.slice(3);
const commands = {
  start: (bun) => {
    // The console links to the gateway's admin pages; follow a moved gateway port unless told otherwise.
    const gatewayAdmin =
      process.env.VITE_GATEWAY_ADMIN_URL ?? `http://localhost:${process.env.GATEWAY_PORT || 9000}/admin`;
    const built = run(bun, ["run", "--cwd", "web", "build"], {
      env: { ...envWithBun(bun), VITE_GATEWAY_ADMIN_URL: gatewayAdmin },
    });
    if (built !== 0) process.exit(built);
    handOver(bun, ["scripts/dev.ts", ...rest]);
  },
  test: (bun) => {
    // Format and lint first (one Biome config at the root): unformatted or lint-failing code fails the run.
    const checked = run(bun, ["x", "biome", "check", "--error-on-warnings", "."]);
    if (checked !== 0) {
      console.error("[bootstrap] biome check failed: `bun x biome check --write .` formats and applies the safe fixes");
      process.exit(checked);
    }
    // Then types: a type error fails the run as surely as a failing test.
    for (const project of ["tsconfig.json", "web/tsconfig.json"]) {
      const status = run(bun, ["x", "tsc", "-p", project, "--noEmit"]);
      if (status !== 0) {
        console.error(`[bootstrap] typecheck of ${project} failed`);
        process.exit(status);
      }
    }
    runTests(bun, rest);
  },
  bench: (bun) => handOver(bun, ["bench/run.ts", ...rest]),
};

if (!command || !(command in commands)) {
  console.error(`usage: node scripts/bootstrap.mjs <${Object.keys(commands).join("|")}> [args]`);
  process.exit(2);
}
const bun = ensureBun();
log(`using bun ${works(bun)} (${bun})`);
ensureDependencies(bun);
commands[command](bun);
