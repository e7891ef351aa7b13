import { expect, test } from "bun:test";
import { retryAfterSeconds } from "./upstream-error";

test("Retry-After in seconds is advice; missing, malformed, zero or negative is none", () => {
  expect(retryAfterSeconds("20")).toBe(20);
  expect(retryAfterSeconds("1.5")).toBe(1.5);
  for (const value of [null, undefined, "", "0", "-3", "soon", "Wed, 21 Oct 2015 07:28:00 GMT"]) {
    expect(retryAfterSeconds(value)).toBeUndefined();
  }
});
