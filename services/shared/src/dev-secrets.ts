// Service secrets: generated once into ./data/secrets.json in development (shared by server and gateway), required and strong in production.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export const secretNames = [
  "INTERNAL_SECRET",
  "JWT_SECRET",
  "CONFIG_ENCRYPTION_KEY",
  "URL_SIGNING_SECRET",
  "GATEWAY_ADMIN_TOKEN",
] as const;
export type SecretName = (typeof secretNames)[number];
export type Secrets = Record<SecretName, string>;

export const DEFAULT_SECRETS_FILE = "./data/secrets.json";
export const MIN_SECRET_LENGTH = 32;

function generate(name: SecretName): string {
  // AES-256 needs exactly 32 bytes, which sealing.ts accepts as 64 hex characters.
  return name === "CONFIG_ENCRYPTION_KEY" ? randomBytes(32).toString("hex") : randomBytes(32).toString("base64url");
}

function readSecretsFile(path: string): Partial<Secrets> {
  // The other service may be writing the file this very moment; a half-written file parses on a retry.
  for (let attempt = 0; ; attempt++) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
      return typeof parsed === "object" && parsed !== null ? (parsed as Partial<Secrets>) : {};
    } catch (err) {
      if (attempt >= 20)
        throw new Error(`${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      Bun.sleepSync(50);
    }
  }
}

/** Loads the development secrets file, creating it (or adding missing keys) so both services agree on every value. */
export function loadDevSecrets(path: string = DEFAULT_SECRETS_FILE): Secrets {
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path)) {
    const fresh = Object.fromEntries(secretNames.map((n) => [n, generate(n)])) as Secrets;
    try {
      // "wx" fails when the other service created the file first; then its values win.
      writeFileSync(path, `${JSON.stringify(fresh, null, 2)}\n`, { flag: "wx", mode: 0o600 });
      return fresh;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  const current = readSecretsFile(path);
  const missing = secretNames.filter((n) => typeof current[n] !== "string" || current[n] === "");
  if (missing.length === 0) return current as Secrets;
  const completed = { ...current, ...Object.fromEntries(missing.map((n) => [n, generate(n)])) } as Secrets;
  writeFileSync(path, `${JSON.stringify(completed, null, 2)}\n`, { mode: 0o600 });
  return completed;
}

/**
 * Picks each named secret from the environment. In production a missing, weak (< 32 characters) or reused
 * (equal to another named secret) secret refuses start-up, naming it; in development missing ones come from the shared secrets file.
 */
export function resolveSecrets<N extends SecretName>(
  env: Record<string, string | undefined>,
  names: readonly N[],
  options: { production: boolean; file?: string },
): Record<N, string> {
  const given = (n: N) => (env[n] && env[n] !== "" ? env[n] : undefined);
  if (options.production) {
    const bad = names.filter((n) => (given(n)?.length ?? 0) < MIN_SECRET_LENGTH);
    if (bad.length > 0) {
      throw new Error(
        `refusing to start in production: ${bad.join(", ")} must be set to at least ${MIN_SECRET_LENGTH} characters`,
      );
    }
    // One value in two roles joins them: e.g. a GATEWAY_ADMIN_TOKEN equal to INTERNAL_SECRET lets whoever holds the
    // admin token sign internal calls, and a JWT_SECRET equal to INTERNAL_SECRET lets the gateway mint operator tokens.
    const shared = names.filter((n, i) => names.some((m, j) => j !== i && given(m) === given(n)));
    if (shared.length > 0)
      throw new Error(`refusing to start in production: ${shared.join(", ")} must each have a different value`);
    return Object.fromEntries(names.map((n) => [n, given(n)!])) as Record<N, string>;
  }
  const needFile = names.some((n) => given(n) === undefined);
  const fromFile = needFile ? loadDevSecrets(options.file ?? DEFAULT_SECRETS_FILE) : undefined;
  return Object.fromEntries(names.map((n) => [n, given(n) ?? fromFile![n]])) as Record<N, string>;
}
