import { describe, expect, test } from "bun:test";
import { assertWebhookUrl, isPrivateHost } from "./url-policy";

describe("webhook URL policy", () => {
  test("recognises loopback, private, link-local and local names", () => {
    for (const host of [
      "localhost",
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "[::1]",
      "fd00::1",
      "db.internal",
      "100.64.0.1",
      "198.18.0.1",
      "240.0.0.1",
      "224.0.0.1",
      "[::7f00:1]",
      "[64:ff9b::7f00:1]",
    ]) {
      expect(isPrivateHost(host)).toBe(true);
    }
    for (const host of ["hooks.example.com", "8.8.8.8", "172.32.0.1", "[2606:4700::1111]"])
      expect(isPrivateHost(host)).toBe(false);
  });

  test("production refuses private URLs unless the operator allows them; development allows them", () => {
    const metadata = "http://169.254.169.254/latest/meta-data";
    expect(() =>
      assertWebhookUrl(metadata, { NODE_ENV: "production", WEBHOOK_ALLOW_PRIVATE_URLS: undefined }, "url"),
    ).toThrow("private");
    expect(() =>
      assertWebhookUrl(
        "https://hooks.example.com/x",
        { NODE_ENV: "production", WEBHOOK_ALLOW_PRIVATE_URLS: undefined },
        "url",
      ),
    ).not.toThrow();
    expect(() =>
      assertWebhookUrl(metadata, { NODE_ENV: "production", WEBHOOK_ALLOW_PRIVATE_URLS: "true" }, "url"),
    ).not.toThrow();
    expect(() =>
      assertWebhookUrl(metadata, { NODE_ENV: "development", WEBHOOK_ALLOW_PRIVATE_URLS: undefined }, "url"),
    ).not.toThrow();
    expect(() =>
      assertWebhookUrl(metadata, { NODE_ENV: "test", WEBHOOK_ALLOW_PRIVATE_URLS: "false" }, "url"),
    ).toThrow();
  });
});
