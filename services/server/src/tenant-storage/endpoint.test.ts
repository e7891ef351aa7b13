import { describe, expect, test } from "bun:test";
import { checkStorageEndpoint } from "./endpoint";

describe("checkStorageEndpoint", () => {
  test("production accepts public HTTPS endpoints", () => {
    for (const ok of [
      "https://oss-cn-hangzhou.aliyuncs.com",
      "https://abc.r2.cloudflarestorage.com",
      "https://8.8.8.8:9000",
    ]) {
      expect(() => checkStorageEndpoint(ok, true)).not.toThrow();
    }
  });

  test("production refuses plain HTTP and internal hosts", () => {
    for (const bad of [
      "http://oss-cn-hangzhou.aliyuncs.com",
      "https://127.0.0.1:9000",
      "https://169.254.169.254",
      "https://10.1.2.3",
      "https://172.20.0.5",
      "https://192.168.1.10",
      "https://localhost:9000",
      "https://[::1]:9000",
      "https://[::ffff:127.0.0.1]",
      "https://[fd00::1]",
      "https://metadata.google.internal",
    ]) {
      expect(() => checkStorageEndpoint(bad, true)).toThrow(/endpoint:/);
    }
  });

  test("outside production local endpoints (s3rver, MinIO) are allowed", () => {
    expect(() => checkStorageEndpoint("http://127.0.0.1:4569", false)).not.toThrow();
  });
});
