import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findImportCycles } from "./import-cycles";

const root = join(import.meta.dir, "..");
const fixtures = mkdtempSync(join(tmpdir(), "waule-cycles-"));
afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = join(fixtures, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("findImportCycles", () => {
  test("finds a loop made of type-only imports through a folder's index", () => {
    const dir = tree("loop", {
      "deps.ts": 'import type { Limits } from "./limits";\nexport type Deps = { limits: Limits };\n',
      "limits/index.ts": 'export { type Limits } from "./api";\n',
      "limits/api.ts": 'import type { Deps } from "../deps";\nexport type Limits = { deps?: Deps };\n',
      "other.ts": 'import { x } from "./leaf.ts";\nexport const y = x;\n',
      "leaf.ts": "export const x = 1;\n",
    });
    expect(findImportCycles(dir)).toEqual([["deps.ts", "limits/api.ts", "limits/index.ts"]]);
  });

  test("a tree of imports, multi-line and re-exports included, has none", () => {
    const dir = tree("tree", {
      "a.ts": 'import {\n  b,\n} from "./b";\nexport * from "./c";\nexport const a = b;\n',
      "b.ts": 'import { c } from "./c";\nexport const b = c;\n',
      "c.ts": "export const c = 1;\n",
    });
    expect(findImportCycles(dir)).toEqual([]);
  });

  test("no service, package or the web app has an import cycle", () => {
    for (const dir of ["services/server/src", "services/gateway/src", "services/shared/src", "db/src", "web/src"]) {
      expect({ dir, cycles: findImportCycles(join(root, dir)) }).toEqual({ dir, cycles: [] });
    }
  });
});
