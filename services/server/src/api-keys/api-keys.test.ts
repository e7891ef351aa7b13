import { describe, expect, test } from "bun:test";
import { API_KEY_PATTERN, generateApiKey, hashApiKey } from "./api-keys";

describe("API keys", () => {
  test("keys are wk_live_ plus 32 alphanumerics and do not repeat", () => {
    const keys = Array.from({ length: 500 }, generateApiKey);
    expect(keys.every((k) => API_KEY_PATTERN.test(k))).toBe(true);
    expect(new Set(keys).size).toBe(500);
  });

  test("the stored hash is the SHA-256 hex of the key", async () => {
    const key = `wk_live_${"a".repeat(32)}`;
    const expected = new Bun.CryptoHasher("sha256").update(key).digest("hex");
    expect(await hashApiKey(key)).toBe(expected);
  });
});
