import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDevSecrets, resolveSecrets, secretNames } from "./dev-secrets";
import { isValidEncryptionKey } from "./sealing";

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "waule-secrets-"));
  dirs.push(dir);
  return join(dir, "data", "secrets.json");
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("dev secrets", () => {
  test("generates every secret once and returns the same values on the next load", () => {
    const file = tempFile();
    const first = loadDevSecrets(file);
    expect(Object.keys(first).sort()).toEqual([...secretNames].sort());
    for (const n of secretNames) expect(first[n].length).toBeGreaterThanOrEqual(32);
    expect(isValidEncryptionKey(first.CONFIG_ENCRYPTION_KEY)).toBe(true);
    expect(loadDevSecrets(file)).toEqual(first);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(first);
  });

  test("environment values win over the file in development", () => {
    const file = tempFile();
    const s = resolveSecrets({ INTERNAL_SECRET: "from-env" }, ["INTERNAL_SECRET", "JWT_SECRET"], {
      production: false,
      file,
    });
    expect(s.INTERNAL_SECRET).toBe("from-env");
    expect(s.JWT_SECRET).toBe(loadDevSecrets(file).JWT_SECRET);
  });

  test("production refuses one value used for two secrets, naming both", () => {
    const one = "x".repeat(40);
    expect(() =>
      resolveSecrets(
        { INTERNAL_SECRET: one, GATEWAY_ADMIN_TOKEN: one, URL_SIGNING_SECRET: "y".repeat(40) },
        ["INTERNAL_SECRET", "URL_SIGNING_SECRET", "GATEWAY_ADMIN_TOKEN"],
        { production: true },
      ),
    ).toThrow("refusing to start in production: INTERNAL_SECRET, GATEWAY_ADMIN_TOKEN must each have a different value");
  });

  test("production refuses missing and weak secrets, naming them", () => {
    const strong = "x".repeat(32);
    expect(() =>
      resolveSecrets(
        { INTERNAL_SECRET: strong, JWT_SECRET: "short" },
        ["INTERNAL_SECRET", "JWT_SECRET", "URL_SIGNING_SECRET"],
        { production: true },
      ),
    ).toThrow(/JWT_SECRET, URL_SIGNING_SECRET/);
    expect(resolveSecrets({ INTERNAL_SECRET: strong }, ["INTERNAL_SECRET"], { production: true })).toEqual({
      INTERNAL_SECRET: strong,
    });
  });
});
