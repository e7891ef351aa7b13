import { describe, expect, test } from "bun:test";
import { errorCodes } from "@waule/shared/errors";
import { translate } from "../i18n/translate";
import { errorMessageKey } from "./error-text";

describe("error texts", () => {
  test("every server error code has its own zh-CN and English text", () => {
    for (const code of Object.keys(errorCodes)) {
      const key = errorMessageKey(code);
      expect(key).toBeDefined();
      const zh = translate("zh-CN", key!);
      const en = translate("en", key!);
      expect(zh).not.toBe(en);
      expect(/[\u4e00-\u9fff]/.test(zh)).toBe(true);
      expect(en).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  test("the codes that were missing now read as what they mean", () => {
    expect(translate("en", errorMessageKey("forbidden")!)).toBe("You are not allowed to do this");
    expect(translate("zh-CN", errorMessageKey("payload_too_large")!)).toBe("内容过大，请缩小文件或文本后重试");
    expect(translate("en", errorMessageKey("conflict")!)).toContain("conflicts");
  });

  test("an unknown code has no text of its own, and inherited object keys are not codes", () => {
    expect(errorMessageKey("teapot")).toBeUndefined();
    expect(errorMessageKey("toString")).toBeUndefined();
  });
});
