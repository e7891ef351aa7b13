import { afterEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadServerConfig } from "./config";

const strong = {
  INTERNAL_SECRET: "config-internal-secret-0123456789abcdef",
  JWT_SECRET: "config-jwt-secret-0123456789abcdef01234",
  CONFIG_ENCRYPTION_KEY: "44".repeat(32),
};

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("server config", () => {
  test("applies the documented defaults", () => {
    const config = loadServerConfig({ ...strong });
    expect(config).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      SERVER_DB_URL: "file:./data/server.db",
      GATEWAY_URL: "http://localhost:9000",
      GATEWAY_TIMEOUT_MS: 120_000,
      REDIS_PREFIX: "waule:",
      TENANT_RPM: 600,
      KEY_RPM: 300,
      MAX_CONCURRENT_TASKS: 5,
    });
    expect(config.REDIS_URL).toBeUndefined();
  });

  test("limits can be turned off with 0 but not set negative", () => {
    expect(loadServerConfig({ ...strong, TENANT_RPM: "0", KEY_RPM: "0", MAX_CONCURRENT_TASKS: "0" })).toMatchObject({
      TENANT_RPM: 0,
      KEY_RPM: 0,
      MAX_CONCURRENT_TASKS: 0,
    });
    expect(() => loadServerConfig({ ...strong, KEY_RPM: "-1" })).toThrow(/KEY_RPM/);
  });

  test("names each bad variable", () => {
    expect(() => loadServerConfig({ ...strong, PORT: "eighty", GATEWAY_URL: "not a url" })).toThrow(
      /PORT[\s\S]*GATEWAY_URL|GATEWAY_URL[\s\S]*PORT/,
    );
    expect(() => loadServerConfig({ ...strong, CONFIG_ENCRYPTION_KEY: "short" })).toThrow(/CONFIG_ENCRYPTION_KEY/);
  });

  test("GATEWAY_TIMEOUT_MS must stay below the server's own idle timeout", () => {
    expect(loadServerConfig({ ...strong, GATEWAY_TIMEOUT_MS: "240000" }).GATEWAY_TIMEOUT_MS).toBe(240_000);
    expect(() => loadServerConfig({ ...strong, GATEWAY_TIMEOUT_MS: "240001" })).toThrow(
      /GATEWAY_TIMEOUT_MS: must be at most 240000/,
    );
  });

  test("STALE_HOLD_GRACE_SECONDS must exceed GATEWAY_TIMEOUT_MS plus a margin", () => {
    expect(() =>
      loadServerConfig({ ...strong, GATEWAY_TIMEOUT_MS: "120000", STALE_HOLD_GRACE_SECONDS: "180" }),
    ).toThrow(/STALE_HOLD_GRACE_SECONDS: must exceed GATEWAY_TIMEOUT_MS \(120000 ms\)/);
    expect(
      loadServerConfig({ ...strong, GATEWAY_TIMEOUT_MS: "120000", STALE_HOLD_GRACE_SECONDS: "181" })
        .STALE_HOLD_GRACE_SECONDS,
    ).toBe(181);
    expect(
      loadServerConfig({ ...strong, GATEWAY_TIMEOUT_MS: "5000", STALE_HOLD_GRACE_SECONDS: "66" })
        .STALE_HOLD_GRACE_SECONDS,
    ).toBe(66);
  });

  test("production requires an https GATEWAY_URL unless the gateway is on loopback", () => {
    const prod = { NODE_ENV: "production", ...strong };
    expect(() => loadServerConfig({ ...prod, GATEWAY_URL: "http://gateway.internal:9000" })).toThrow(
      /GATEWAY_URL: must be https/,
    );
    expect(loadServerConfig({ ...prod, GATEWAY_URL: "https://gateway.internal" }).GATEWAY_URL).toBe(
      "https://gateway.internal",
    );
    for (const url of ["http://localhost:9000", "http://127.0.0.1:9000", "http://[::1]:9000"]) {
      expect(loadServerConfig({ ...prod, GATEWAY_URL: url }).GATEWAY_URL).toBe(url);
    }
    // Outside production plain http to any host stays allowed (docker-compose, tests).
    expect(loadServerConfig({ ...strong, GATEWAY_URL: "http://gateway.internal:9000" }).GATEWAY_URL).toBe(
      "http://gateway.internal:9000",
    );
  });

  test("production refuses missing or weak secrets", () => {
    expect(() => loadServerConfig({ NODE_ENV: "production", ...strong, JWT_SECRET: "" })).toThrow(/JWT_SECRET/);
    expect(() => loadServerConfig({ NODE_ENV: "production", ...strong, INTERNAL_SECRET: "weak" })).toThrow(
      /INTERNAL_SECRET/,
    );
    expect(loadServerConfig({ NODE_ENV: "production", ...strong }).JWT_SECRET).toBe(strong.JWT_SECRET);
  });

  test("development takes missing secrets from the shared secrets file, the same values every start", async () => {
    dir = await mkdtemp(join(tmpdir(), "waule-config-"));
    const secretsFile = join(dir, "secrets.json");
    const first = loadServerConfig({ JWT_SECRET: strong.JWT_SECRET }, { secretsFile });
    const onDisk = JSON.parse(await readFile(secretsFile, "utf8")) as Record<string, string>;
    expect(first.INTERNAL_SECRET).toBe(onDisk.INTERNAL_SECRET!);
    expect(first.CONFIG_ENCRYPTION_KEY).toBe(onDisk.CONFIG_ENCRYPTION_KEY!);
    expect(first.JWT_SECRET).toBe(strong.JWT_SECRET);
    const second = loadServerConfig({}, { secretsFile });
    expect(second.INTERNAL_SECRET).toBe(first.INTERNAL_SECRET);
    expect(second.JWT_SECRET).toBe(onDisk.JWT_SECRET!);
  });
});
