import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadGatewayConfig } from "./config";

const dirs: string[] = [];
function secretsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "waule-gw-config-"));
  dirs.push(dir);
  return join(dir, "secrets.json");
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const strong = {
  INTERNAL_SECRET: "i".repeat(40),
  URL_SIGNING_SECRET: "u".repeat(40),
  GATEWAY_ADMIN_TOKEN: "a".repeat(40),
  CONFIG_ENCRYPTION_KEY: "ab".repeat(32),
};

describe("gateway config", () => {
  test("defaults give a local, sandboxed gateway on port 9000 with generated dev secrets", () => {
    const file = secretsFile();
    const c = loadGatewayConfig({}, { secretsFile: file });
    expect(c.port).toBe(9000);
    expect(c.db.url).toBe("file:./data/gateway.db");
    expect(c.storage).toEqual({ driver: "local", dir: "./data/storage" });
    expect(c.signedUrlTtlSeconds).toBe(7 * 24 * 3600);
    expect(c.sandbox).toEqual({ latencyMs: 0, failureRate: 0, video: { steps: 4, stepMs: 1_000 } });
    expect(c.internalSecret.length).toBeGreaterThanOrEqual(32);
    // The same file gives the same secrets on the next start (and to the server).
    expect(loadGatewayConfig({}, { secretsFile: file }).internalSecret).toBe(c.internalSecret);
  });

  test("a bad variable fails naming it", () => {
    expect(() => loadGatewayConfig({ PORT: "ninety" }, { secretsFile: secretsFile() })).toThrow(/PORT/);
    expect(() => loadGatewayConfig({ SANDBOX_FAILURE_RATE: "2" }, { secretsFile: secretsFile() })).toThrow(
      /SANDBOX_FAILURE_RATE/,
    );
    expect(() => loadGatewayConfig({ STORAGE_DRIVER: "s3", S3_BUCKET: "b" }, { secretsFile: secretsFile() })).toThrow(
      /S3_ACCESS_KEY_ID/,
    );
  });

  test("sandbox video timing comes from SANDBOX_VIDEO_STEPS and SANDBOX_VIDEO_STEP_MS", () => {
    const c = loadGatewayConfig(
      { SANDBOX_VIDEO_STEPS: "10", SANDBOX_VIDEO_STEP_MS: "250" },
      { secretsFile: secretsFile() },
    );
    expect(c.sandbox.video).toEqual({ steps: 10, stepMs: 250 });
    expect(() => loadGatewayConfig({ SANDBOX_VIDEO_STEPS: "0" }, { secretsFile: secretsFile() })).toThrow(
      /SANDBOX_VIDEO_STEPS/,
    );
  });

  test("production refuses missing or weak secrets", () => {
    expect(() => loadGatewayConfig({ NODE_ENV: "production", ...strong, INTERNAL_SECRET: "short" })).toThrow(
      /INTERNAL_SECRET/,
    );
    expect(() =>
      loadGatewayConfig({ NODE_ENV: "production", ...strong, CONFIG_ENCRYPTION_KEY: "z".repeat(40) }),
    ).toThrow(/CONFIG_ENCRYPTION_KEY/);
    expect(loadGatewayConfig({ NODE_ENV: "production", ...strong }).internalSecret).toBe(strong.INTERNAL_SECRET);
  });

  test("s3 settings are read when the driver is s3", () => {
    const c = loadGatewayConfig({
      ...strong,
      STORAGE_DRIVER: "s3",
      S3_BUCKET: "b",
      S3_ACCESS_KEY_ID: "k",
      S3_SECRET_ACCESS_KEY: "s",
      S3_ENDPOINT: "http://127.0.0.1:9",
      S3_FORCE_PATH_STYLE: "true",
    });
    expect(c.storage).toEqual({
      driver: "s3",
      s3: {
        endpoint: "http://127.0.0.1:9",
        bucket: "b",
        region: "us-east-1",
        accessKeyId: "k",
        secretAccessKey: "s",
        publicBaseUrl: undefined,
        forcePathStyle: true,
      },
    });
  });
});
