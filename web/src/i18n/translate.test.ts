import { describe, expect, test } from "bun:test";
import { en } from "./en";
import { isLocale, translate } from "./translate";
import { zhCN } from "./zh-CN";

describe("translate", () => {
  test("gives the zh-CN and English string for the same key", () => {
    expect(translate("zh-CN", "nav.generate")).toBe("生成图片");
    expect(translate("en", "nav.generate")).toBe("Generate");
  });

  test("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("en", "history.page", { page: 2, pages: 5, total: 93 })).toBe("Page 2 of 5, 93 records");
    expect(translate("en", "generate.creditsUsed", {})).toBe("This request used {credits} credits");
  });

  test("says 1 credit in English and keeps the plural for every other count", () => {
    expect(translate("en", "generate.creditsUsed", { credits: 1 })).toBe("This request used 1 credit");
    expect(translate("en", "generate.creditsUsed", { credits: 2 })).toBe("This request used 2 credits");
    expect(translate("en", "generate.creditsUsed", { credits: 0 })).toBe("This request used 0 credits");
    expect(translate("zh-CN", "generate.creditsUsed", { credits: 1 })).toContain("1");
  });

  test("both languages have the same keys and no empty string", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const value of [...Object.values(en), ...Object.values(zhCN)]) expect(value.trim()).not.toBe("");
  });

  test("accepts only known locales", () => {
    expect(isLocale("en")).toBe(true);
    expect(isLocale("zh-CN")).toBe(true);
    expect(isLocale("fr")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
