import { describe, expect, test } from "bun:test";
import { ApiError } from "../api/api-error";
import { fieldMessage, splitFieldIssues } from "./form-errors";

const refused = (issues: { path: string; code: string; minimum?: number; maximum?: number; origin?: string }[]) =>
  new ApiError("invalid_request", "x: bad", 400, issues);

describe("form errors", () => {
  test("each issue goes to the input whose path it names; the alert keeps only the rest, with only those issues", () => {
    const error = refused([
      { path: "password", code: "too_small", origin: "string", minimum: 8 },
      { path: "ip_allowlist.1", code: "custom" },
      { path: "", code: "custom" },
    ]);
    const split = splitFieldIssues(error, ["password", "ip_allowlist", "ip"]);
    expect(Object.keys(split.byField).sort()).toEqual(["ip_allowlist", "password"]);
    expect(split.rest).toBeInstanceOf(ApiError);
    expect((split.rest as ApiError).details).toEqual([{ path: "", code: "custom" }]);
    expect((split.rest as ApiError).code).toBe("invalid_request");
  });

  test("no alert when the inputs show every issue; the whole error when they show none or it names no field", () => {
    const error = refused([{ path: "price", code: "too_big", origin: "number", maximum: 100 }]);
    expect(splitFieldIssues(error, ["price"]).rest).toBeNull();
    expect(splitFieldIssues(error, ["credits"]).rest).toBe(error);
    const conflict = new ApiError("conflict", "taken", 409, { reason: "username_taken" });
    expect(splitFieldIssues(conflict, ["username"])).toEqual({ byField: {}, rest: conflict });
    expect(splitFieldIssues(null, ["username"]).rest).toBeNull();
  });

  test("the message under an input reads in the reader's language, an entry of a list by its number", () => {
    const short = [{ path: "password", code: "too_small", origin: "string", minimum: 8 }];
    expect(fieldMessage("zh-CN", "password", short)).toBe("至少 8 个字符");
    expect(fieldMessage("en", "password", short)).toBe("At least 8 characters");
    const item = [{ path: "ip_allowlist.1", code: "custom" }];
    expect(fieldMessage("zh-CN", "ip_allowlist", item)).toBe("第 2 项：填写有误");
    expect(fieldMessage("en", "ip_allowlist", item, "not an IP range")).toBe("Item 2: not an IP range");
  });
});
