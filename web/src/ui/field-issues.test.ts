import { describe, expect, test } from "bun:test";
import { ApiError } from "../api/api-error";
import { describeFieldIssue, fieldIssues } from "./field-issues";

const shortPassword = new ApiError("invalid_request", "password: password must be at least 8 characters", 400, [
  {
    path: "password",
    message: "password must be at least 8 characters",
    code: "too_small",
    origin: "string",
    minimum: 8,
  },
]);

describe("field issues", () => {
  test("a short password reads in the reader's language, not zod's English", () => {
    const [issue] = fieldIssues(shortPassword);
    expect(describeFieldIssue("zh-CN", issue!)).toBe("密码：至少 8 个字符");
    expect(describeFieldIssue("en", issue!)).toBe("Password: at least 8 characters");
  });

  test("numbers, formats and unknown fields have their own words; the path is kept for a field without a label", () => {
    expect(describeFieldIssue("zh-CN", { path: "n", code: "too_big", origin: "number", maximum: 10 })).toBe(
      "n：不能大于 10",
    );
    expect(describeFieldIssue("en", { path: "url", code: "invalid_format" })).toBe("URL: has the wrong format");
    expect(describeFieldIssue("en", { path: "a.b.toString", code: "custom" })).toBe("toString: is not valid");
  });

  test("only an invalid_request answer names fields", () => {
    expect(fieldIssues(new ApiError("conflict", "x", 409, [{ path: "a" }]))).toEqual([]);
    expect(fieldIssues(new Error("x"))).toEqual([]);
    expect(fieldIssues(new ApiError("invalid_request", "x", 400, "not a list"))).toEqual([]);
  });
});
